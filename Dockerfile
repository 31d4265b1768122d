# One image for every liftlens service (api, watcher, worker, beat).
FROM python:3.11-slim-bookworm

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OMP_THREAD_LIMIT=1

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor tesseract-ocr-jpn \
      fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 liftlens
WORKDIR /app

COPY pyproject.toml README.md ./
COPY schema ./schema
COPY ingest ./ingest
COPY workers ./workers
COPY fixtures ./fixtures
# Editable install: the catalogue and samples in fixtures/ stay next to the code.
RUN pip install --no-cache-dir -e .

USER liftlens
ENV LIFTLENS_DATA_DIR=/home/liftlens/.liftlens \
    LIFTLENS_INBOX=/inbox \
    LIFTLENS_API_HOST=0.0.0.0
EXPOSE 8000
ENTRYPOINT ["liftlens"]
CMD ["--help"]
