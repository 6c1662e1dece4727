// Its own file so that training and the classifier's state can both name it without importing each other.
/**
 * What the probabilities mean. Training weighs each class half, so the trained head's P(positive) assumes
 * balanced classes. `balanced` keeps that. `prior` undoes the class weighting after training: the output bias
 * moves by log(pi / (1 - pi)), pi being the training set's example-weighted positive share, so P(positive) is
 * the probability under the training set's own class balance (see the README for the figures).
 */
export type LocalClassifierCalibration = 'balanced' | 'prior';
