import type { ColumnarItems } from './columnar';
import { createIdIndex } from './id-index';
import type { IssueSink } from './issue-sink';
import { duplicateIdIssue, ITEM_KIND, readRecordBatches } from './read-records';

/** Reads an items file into columns, reporting duplicate ids (the first occurrence is kept). */
export async function scanItems(path: string, sink: IssueSink): Promise<ColumnarItems> {
  const ids: string[] = [];
  const texts: string[] = [];
  const places: number[] = [];
  const index = createIdIndex();
  for await (const batch of readRecordBatches(path, ITEM_KIND, sink)) {
    for (let at = 0; at < batch.records.length; at++) {
      const item = batch.records[at]!;
      const place = batch.places[at]!;
      const first = index.add(item.id);
      if (first !== -1) {
        sink.add(duplicateIdIssue(path, batch.unit, place, item.id, places[first]!));
        continue;
      }
      ids.push(item.id);
      texts.push(item.text);
      places.push(place);
    }
  }
  return { ids, texts, indexOf: (id) => index.indexOf(id) };
}
