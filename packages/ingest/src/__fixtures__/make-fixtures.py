"""Writes the ingest test fixtures. Run once from this folder: `python3 make-fixtures.py` (any Python 3)."""
import json, os


def w(path, data):
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    if isinstance(data, bytes):
        with open(path, 'wb') as f:
            f.write(data)
    else:
        with open(path, 'w', newline='', encoding='utf-8') as f:
            f.write(data)


def jl(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


manifest = json.dumps({"name": "tiny", "task": "Is this ad deceptive?", "labels": ["ok", "deceptive"],
                       "positive": "deceptive", "roles": ["expert", "crowd"], "license": "MIT",
                       "source": "written by hand for borderline's tests"}, indent=2) + "\n"
items = [
    {"id": "a1", "text": "Plain text"},
    {"id": "a2", "text": "She said \"buy now\", then left", "meta": {"source": "hand"}},
    {"id": "a3", "text": "two\nlines, with a comma"},
    {"id": "a4", "text": "emoji 😀 and ünïcödé"},
    {"id": "a5", "text": "tab\tand \"\"double\"\" quotes, \r\n crlf"},
]
labels = [
    {"item": "a1", "annotator": "e1", "role": "expert", "label": "ok"},
    {"item": "a1", "annotator": "e2", "role": "expert", "label": "ok"},
    {"item": "a2", "annotator": "e1", "role": "expert", "label": "deceptive", "iteration": 1},
    {"item": "a2", "annotator": "c1", "role": "crowd", "label": "ok", "meta": {"seconds": 4}},
    {"item": "a3", "annotator": "e2", "role": "expert", "label": "deceptive"},
    {"item": "a4", "annotator": "e1", "role": "expert", "label": "ok"},
    {"item": "a5", "annotator": "c1", "role": "crowd", "label": "deceptive"},
]
w("good/dataset.json", manifest)
w("good/items.jsonl", jl(items))
w("good/labels.jsonl", jl(labels))
# CSV by hand (RFC 4180): quoted fields with commas, quotes and a newline.
w("good-csv/dataset.json", manifest)
w("good-csv/items.csv", 'id,text,meta\na1,Plain text,\na2,"She said ""buy now"", then left","{""source"":""hand""}"\n'
  'a3,"two\nlines, with a comma",\n')
w("good-csv/labels.csv", 'item,annotator,role,label,iteration,meta\na1,e1,expert,ok,,\na2,e1,expert,deceptive,1,\n'
  'a3,c1,crowd,ok,,"{""seconds"":4}"\n')
# One malformed file (or folder) per error class.
w("broken-json/items.jsonl", jl(items[:2]) + '{"id": "b3", "text": "unterminated\n' + jl(items[3:4]))
w("missing-text/items.jsonl", jl(items[:1]) + '{"id": "m2"}\n' + jl(items[2:3]) + '{"id": "m4", "text": "   "}\n')
w("wrong-type/labels.jsonl", jl(labels[:2]) + '{"item": "a2", "annotator": 7, "role": "expert", "label": "ok"}\n'
  '{"item": "a3", "annotator": "e1", "role": "boss", "label": "ok", "iteration": "two"}\n')
w("duplicate-id/items.jsonl", jl(items[:3]) + '{"id": "a2", "text": "again"}\n')
w("invalid-utf8/items.jsonl",
  (jl(items[:1]) + '{"id": "u2", "text": "bad ').encode() + b'\xff\xfe' + ' byte"}\n'.encode() + jl(items[2:3]).encode())
for name, bad in [("label-outside-set", {"item": "a3", "annotator": "e1", "role": "expert", "label": "maybe"}),
                  ("unknown-item", {"item": "zz", "annotator": "e1", "role": "expert", "label": "ok"}),
                  ("conflict", {"item": "a1", "annotator": "e1", "role": "expert", "label": "deceptive"})]:
    w(f"{name}/dataset.json", manifest)
    w(f"{name}/items.jsonl", jl(items))
    # The bad label is line 5 of labels.jsonl.
    w(f"{name}/labels.jsonl", jl(labels[:4]) + jl([bad]) + jl(labels[4:]))
# CSV: the bad record starts on line 5, after a record spanning lines 3-4.
w("csv-empty-text/items.csv", 'id,text\nc1,fine\nc2,"spans\ntwo lines"\nc3,""\nc4,ok\n')
w("csv-unclosed-quote/items.csv", 'id,text\nq1,fine\nq2,"never closed\nq3,x\n')
w("bad-manifest/dataset.json", json.dumps({"name": "x", "task": "t", "labels": ["a", "b"], "positive": "c"}) + "\n")
w("bad-manifest/items.jsonl", jl(items[:1]))
