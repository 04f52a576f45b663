"""Partnership Planner: screen partnerships, register conflicts, agree protocols, pace milestones."""

__version__ = "0.1.0"
APP_NAME = "Partnership Planner"
# One reverse-DNS id everywhere: desktop file, metainfo, icon name, QSettings organisation.
APP_ID = "io.github.partnership_planner.PartnershipPlanner"
ORG_DOMAIN = "partnership-planner.github.io"
# A plan file is an SQLite database whose header carries this application id ("PPLN" at byte
# 68, big-endian): file managers tell a plan from other databases by it (packaging/linux/
# *.mime.xml registers the type) and open it in the program.
PLAN_FILE_ID = 0x50504C4E
PLAN_MIME_TYPE = "application/x-partnership-plan"
