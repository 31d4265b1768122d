-- Named queries for the uploads aggregate (uploads + upload_blobs).

-- name: insert_upload
INSERT INTO uploads (sha256, source, original_name, byte_size, width, height, status, last_error,
                     finished_at)
VALUES (%(sha256)s, %(source)s, %(original_name)s, %(byte_size)s, %(width)s, %(height)s,
        %(status)s, %(last_error)s,
        CASE WHEN %(status)s = 'rejected' THEN now() END)
ON CONFLICT (sha256) DO NOTHING
RETURNING id

-- name: insert_blob
INSERT INTO upload_blobs (upload_id, bytes) VALUES (%(upload_id)s, %(bytes)s)

-- name: get_upload
SELECT * FROM uploads WHERE id = %(id)s

-- name: get_upload_by_sha
SELECT * FROM uploads WHERE sha256 = %(sha256)s

-- name: load_blob
SELECT bytes FROM upload_blobs WHERE upload_id = %(id)s

-- name: mark_enqueued
UPDATE uploads SET enqueued_at = now(), updated_at = now() WHERE id = %(id)s

-- Claim an upload for processing. A redelivered task (worker killed mid-task)
-- finds it still 'processing' and may take it again; finished ones are left alone.
-- name: claim
UPDATE uploads
SET status = 'processing', attempts = attempts + 1, started_at = now(), updated_at = now(),
    last_error = NULL
WHERE id = %(id)s AND status IN ('queued', 'processing')
RETURNING *

-- name: finish
UPDATE uploads
SET status = %(status)s, last_error = %(error)s, finished_at = now(), updated_at = now()
WHERE id = %(id)s
RETURNING *

-- name: note_retry
UPDATE uploads SET status = 'queued', last_error = %(error)s, updated_at = now()
WHERE id = %(id)s AND status = 'processing'

-- Uploads that a worker took and never finished (killed, lost), or that were
-- queued while the broker was down: give them a task again.
-- name: stale_uploads
SELECT id, status FROM uploads
WHERE (status = 'processing' AND started_at < now() - make_interval(secs => %(processing_s)s))
   OR (status = 'queued' AND enqueued_at IS NULL
       AND updated_at < now() - make_interval(secs => %(queued_s)s))
   OR (status = 'queued' AND enqueued_at < now() - make_interval(secs => %(processing_s)s))
ORDER BY id
LIMIT %(limit)s

-- name: requeue
UPDATE uploads SET status = 'queued', updated_at = now()
WHERE id = %(id)s AND status IN ('queued', 'processing')

-- name: retry_failed
UPDATE uploads
SET status = 'queued', last_error = NULL, attempts = 0, enqueued_at = NULL, updated_at = now(),
    finished_at = NULL
WHERE status = 'failed' AND (%(id)s::bigint IS NULL OR id = %(id)s)
RETURNING id

-- name: counts_by_status
SELECT status, count(*) AS n FROM uploads GROUP BY status ORDER BY status
