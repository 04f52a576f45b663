"""Files that ship with Partnership Planner: fonts (with their licences), icons, the style sheet,
clause templates and schemas.

This folder is installed as the package ``planner_resources`` (pyproject.toml, package-dir);
the program finds it through ``planner.paths.resources_dir()`` and nowhere else. No code here.
"""
