"""Maintenance of one curated Iceberg table on an emulator target, with pyiceberg.

Reads one JSON request on stdin and writes one JSON answer on stdout (errors: a JSON object
with "error" and exit code 1), so the TypeScript core (handlers/lib/maintenance) drives it
like any other engine. Actions, each optional, run in this order:

- plan: per ingestion date, the live data files and position-delete files of the table;
- compact: rewrite one date's files into target-size files with the same rows, in ONE
  overwrite commit that also drops the date's position-delete files. pyiceberg's own
  overwrite keeps delete manifests as they are (they would point at removed data files),
  so the commit's manifest list is built here without them;
- expire: remove the snapshots older than a time (the current one is always kept);
- orphans: delete objects under the table location that no remaining snapshot or metadata
  file references and that are older than a safety age (a writer's files not committed yet
  are younger than that).
"""

from __future__ import annotations

import json
import sys
import uuid
from datetime import date as Date, datetime, timedelta, timezone

import pyarrow.fs as pafs
from pyiceberg.catalog import load_catalog
from pyiceberg.expressions import EqualTo
from pyiceberg.io.pyarrow import _dataframe_to_data_files
from pyiceberg.manifest import DataFileContent, ManifestContent, ManifestEntry, ManifestEntryStatus, ManifestWriterV2
from pyiceberg.table.snapshots import Operation
from pyiceberg.table.update.snapshot import _OverwriteFiles

PARTITION_COLUMN = "ingestion_date"


class _DeleteManifestWriter(ManifestWriterV2):
    """A v2 manifest writer for delete files (pyiceberg 0.12 only writes data manifests)."""

    def content(self) -> ManifestContent:
        return ManifestContent.DELETES

    @property
    def _meta(self) -> dict[str, str]:
        return {**super()._meta, "content": "deletes"}


class _CompactDate(_OverwriteFiles):
    """An overwrite that also leaves out the given position-delete files of the parent snapshot."""

    def __init__(self, dropped_deletes: set[str], **kwargs):
        super().__init__(**kwargs)
        self._dropped_deletes = dropped_deletes

    def _existing_manifests(self):
        kept = []
        for manifest in super()._existing_manifests():
            if manifest.content != ManifestContent.DELETES:
                kept.append(manifest)
                continue
            entries = manifest.fetch_manifest_entry(io=self._io, discard_deleted=True)
            remaining = [e for e in entries if e.data_file.file_path not in self._dropped_deletes]
            if len(remaining) == len(entries):
                kept.append(manifest)
            elif remaining:
                writer = _DeleteManifestWriter(
                    spec=self.spec(manifest.partition_spec_id),
                    schema=self.schema(),
                    output_file=self.new_manifest_output(),
                    snapshot_id=self._snapshot_id,
                    avro_compression=self._compression,
                )
                with writer:
                    for e in remaining:
                        writer.add_entry(
                            ManifestEntry.from_args(
                                status=ManifestEntryStatus.EXISTING,
                                snapshot_id=e.snapshot_id,
                                sequence_number=e.sequence_number,
                                file_sequence_number=e.file_sequence_number,
                                data_file=e.data_file,
                            )
                        )
                kept.append(writer.to_manifest_file())
        return kept


def _catalog(c: dict):
    return load_catalog(
        "lake",
        **{
            "type": "rest",
            "uri": c["uri"],
            "s3.endpoint": c["s3Endpoint"],
            "s3.region": c["region"],
            "s3.access-key-id": c["accessKeyId"],
            "s3.secret-access-key": c["secretAccessKey"],
            "s3.force-virtual-addressing": "false",
        },
    )


def _iso_date(value) -> str:
    """A partition value of the identity-on-date field (days since 1970-01-01) as YYYY-MM-DD."""
    if isinstance(value, int):
        return (Date(1970, 1, 1) + timedelta(days=value)).isoformat()
    return str(value)


def _live_files(tbl, date: str | None = None):
    """Live (data, delete) files of the current snapshot, optionally of one date."""
    data, deletes = [], []
    snapshot = tbl.current_snapshot()
    if snapshot is None:
        return data, deletes
    for manifest in snapshot.manifests(tbl.io):
        for entry in manifest.fetch_manifest_entry(tbl.io, discard_deleted=True):
            f = entry.data_file
            d = _iso_date(f.partition[0]) if len(f.partition) else None
            if date is not None and d != date:
                continue
            (data if f.content == DataFileContent.DATA else deletes).append((d, f))
    return data, deletes


def plan(tbl) -> list[dict]:
    data, deletes = _live_files(tbl)
    dates: dict[str, dict] = {}
    for d, f in data:
        p = dates.setdefault(d, {"date": d, "dataFiles": 0, "deleteFiles": 0, "bytes": 0})
        p["dataFiles"] += 1
        p["bytes"] += f.file_size_in_bytes
    for d, _ in deletes:
        dates.setdefault(d, {"date": d, "dataFiles": 0, "deleteFiles": 0, "bytes": 0})["deleteFiles"] += 1
    return sorted(dates.values(), key=lambda p: p["date"])


def compact(tbl, req: dict) -> dict:
    date = req["date"]
    data, deletes = _live_files(tbl, date)
    before = {"dataFilesBefore": len(data), "deleteFilesBefore": len(deletes)}
    parent = tbl.current_snapshot()
    if len(data) <= 1 and not deletes:
        rows = sum(f.record_count for _, f in data)
        return {"date": date, "committed": False, "rows": rows, **before, "dataFilesAfter": len(data), "deleteFilesAfter": 0}
    rows_table = tbl.scan(row_filter=EqualTo(PARTITION_COLUMN, date)).to_arrow()
    metadata = tbl.metadata.model_copy(
        update={"properties": {**tbl.metadata.properties, "write.target-file-size-bytes": str(req["targetFileSizeBytes"])}}
    )
    tx = tbl.transaction()
    producer = _CompactDate(
        dropped_deletes={f.file_path for _, f in deletes},
        operation=Operation.OVERWRITE,
        transaction=tx,
        io=tbl.io,
        snapshot_properties=req.get("snapshotProperties", {}),
    )
    with producer:
        for _, f in data:
            producer.delete_data_file(f)
        if rows_table.num_rows > 0:
            for f in _dataframe_to_data_files(metadata, rows_table, tbl.io, write_uuid=uuid.uuid4()):
                producer.append_data_file(f)
    tx.commit_transaction()
    tbl.refresh()
    after_data, after_deletes = _live_files(tbl, date)
    return {
        "date": date,
        "committed": True,
        "rows": rows_table.num_rows,
        **before,
        "dataFilesAfter": len(after_data),
        "deleteFilesAfter": len(after_deletes),
        "parentSnapshotId": str(parent.snapshot_id) if parent else None,
        "snapshotId": str(tbl.current_snapshot().snapshot_id),
    }


def expire(tbl, req: dict) -> dict:
    cutoff = datetime.fromtimestamp(req["olderThanMs"] / 1000, tz=timezone.utc)
    current = tbl.current_snapshot()
    old = [s.snapshot_id for s in tbl.metadata.snapshots if s.timestamp_ms < req["olderThanMs"] and (current is None or s.snapshot_id != current.snapshot_id)]
    if old:
        tbl.maintenance.expire_snapshots().older_than(cutoff).commit()
        tbl.refresh()
    return {"expired": len(old)}


def _referenced(tbl) -> set[str]:
    """Every object the table's metadata still reaches: metadata files, manifest lists, manifests, data and delete files."""
    refs = {tbl.metadata_location}
    refs.update(e.metadata_file for e in tbl.metadata.metadata_log)
    for s in tbl.metadata.snapshots:
        refs.add(s.manifest_list)
        for manifest in s.manifests(tbl.io):
            refs.add(manifest.manifest_path)
            for entry in manifest.fetch_manifest_entry(tbl.io, discard_deleted=True):
                refs.add(entry.data_file.file_path)
    for st in tbl.metadata.statistics:
        refs.add(st.statistics_path)
    return refs


def orphans(tbl, c: dict, req: dict) -> dict:
    endpoint = c["s3Endpoint"]
    fs = pafs.S3FileSystem(
        access_key=c["accessKeyId"],
        secret_key=c["secretAccessKey"],
        region=c["region"],
        endpoint_override=endpoint.split("://", 1)[1],
        scheme=endpoint.split("://", 1)[0],
        force_virtual_addressing=False,
    )
    location = tbl.metadata.location.rstrip("/")
    base = location.split("://", 1)[1]
    refs = {r.split("://", 1)[1] for r in _referenced(tbl)}
    removed = []
    for info in fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=True)):
        if info.type != pafs.FileType.File or info.path in refs:
            continue
        if info.mtime is not None and info.mtime.timestamp() * 1000 >= req["olderThanMs"]:
            continue
        fs.delete_file(info.path)
        removed.append(f"s3://{info.path}")
    return {"removed": sorted(removed)}


def main() -> int:
    req = json.load(sys.stdin)
    try:
        catalog = _catalog(req["catalog"])
        tbl = catalog.load_table((req["namespace"], req["table"]))
        out: dict = {}
        actions = req["actions"]
        if actions.get("plan"):
            out["plan"] = plan(tbl)
        if "compact" in actions:
            out["compact"] = compact(tbl, actions["compact"])
        if "expire" in actions:
            out["expire"] = expire(tbl, actions["expire"])
        if "orphans" in actions:
            out["orphans"] = orphans(tbl, req["catalog"], actions["orphans"])
        json.dump(out, sys.stdout)
        return 0
    except Exception as err:  # one JSON error for the caller, whatever failed
        json.dump({"error": f"{type(err).__name__}: {err}"}, sys.stdout)
        return 1


if __name__ == "__main__":
    sys.exit(main())
