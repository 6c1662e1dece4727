import { kappaText } from './progress';
import type { ConditionReport } from './report';

/**
 * Plain-language findings computed from the figures, never edited by hand: for each (task, model), does curated
 * data beat the baseline on the curated evaluation set, with what margin against the intervals, and on the audit
 * set; and, with several policies, which one ends highest on the audit set at equal budget.
 */
export function findingsOf(conditions: readonly ConditionReport[], baseline: string): string[] {
  const findings: string[] = [];
  const groups = new Map<string, ConditionReport[]>();
  for (const condition of conditions) {
    const key = `${condition.task}/${condition.model}`;
    groups.set(key, [...(groups.get(key) ?? []), condition]);
  }
  for (const [key, rows] of groups) {
    const curatedRows = rows.filter((row) => row.condition === 'curated');
    const curated = curatedRows[0];
    const base = rows.find((row) => row.condition === baseline);
    if (curated !== undefined && base !== undefined) findings.push(compare(key, curated, base, baseline));
    if (curatedRows.length > 1) findings.push(policyFinding(key, curatedRows));
  }
  return findings;
}

function compare(key: string, curated: ConditionReport, base: ConditionReport, baseline: string): string {
  const gain = curated.kappaModelExpert - base.kappaModelExpert;
  const overlap =
    curated.kappaCi95 !== undefined &&
    base.kappaCi95 !== undefined &&
    curated.kappaCi95[0] <= base.kappaCi95[1] &&
    base.kappaCi95[0] <= curated.kappaCi95[1];
  const verdict = !(gain > 0)
    ? `curated does NOT beat the ${baseline}`
    : overlap
      ? `curated is higher than the ${baseline}, but the 95% intervals overlap (no clear gain)`
      : `curated beats the ${baseline}`;
  const auditGain = (curated.kappaAudit ?? Number.NaN) - (base.kappaAudit ?? Number.NaN);
  const audit = Number.isNaN(auditGain)
    ? 'audit kappa undefined'
    : `on the uniform audit set ${kappaText(curated.kappaAudit)} vs ${kappaText(base.kappaAudit)}` +
      (auditGain > 0 ? ' (curated higher)' : ' (curated NOT higher)');
  return (
    `${key}: ${verdict} on the final expert evaluation set: ${kappaText(curated.kappaModelExpert)} vs ` +
    `${kappaText(base.kappaModelExpert)} (n = ${curated.evalExamples}, ${curated.fineTuneExamples} expert ` +
    `fine-tune labels vs ${base.fineTuneExamples} ${baseline} labels); ${audit}.`
  );
}

function policyFinding(key: string, rows: readonly ConditionReport[]): string {
  const ranked = [...rows].sort(
    (a, b) => (b.kappaAudit ?? Number.NEGATIVE_INFINITY) - (a.kappaAudit ?? Number.NEGATIVE_INFINITY),
  );
  const list = ranked.map((row) => `${row.policy} ${kappaText(row.kappaAudit)}`).join(', ');
  return `${key}: final audit kappa by policy at equal budget: ${list}.`;
}
