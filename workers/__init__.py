"""Workers: the Celery app, thin tasks, the beat schedule, the alias matcher and bind job."""
