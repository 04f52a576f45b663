"""Partnership Planner: screen partnerships, register conflicts, agree protocols, pace milestones."""

__version__ = "0.1.0"
APP_NAME = "Partnership Planner"
# One reverse-DNS id everywhere: desktop file, metainfo, icon name, QSettings organisation.
APP_ID = "io.github.partnership_planner.PartnershipPlanner"
ORG_DOMAIN = "partnership-planner.github.io"
