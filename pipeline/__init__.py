"""Kinscope's Airflow pipeline: the task logic the DAGs in `dags/` call.

DAG files stay thin (structure, schedule, retries); everything they run is a plain function
here, importable and testable without a scheduler. Airflow is imported lazily (inside
functions) so `pipeline.airflow_home.configure()` can set AIRFLOW_HOME first.
"""
