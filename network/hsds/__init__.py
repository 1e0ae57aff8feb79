"""Open Referral HSDS exchange: export the directory as an HSDS 3.0 tabular data package and
import HSDS packages (3.0 and the 1.x/2.x CSV layouts still in circulation)."""
