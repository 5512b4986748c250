/* tlv_deadline: legal-term deadlines of TLV applications (pure date
 * arithmetic on days since the epoch; see tlv_deadline.h). */
#include "tlv_deadline.h"

/* Howard Hinnant's days_from_civil / civil_from_days: exact for the whole
 * proleptic Gregorian calendar, leap years included. */
long tlv_date_to_days(tlv_date d)
{
	long y = d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d.month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d.day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

tlv_date tlv_days_to_date(long days)
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	tlv_date d;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int tlv_weekday(tlv_date d)
{
	long days = tlv_date_to_days(d);   /* 1970-01-01 was a Thursday (4) */
	long w = ((days % 7) + 7 + 3) % 7; /* 0 = Monday */
	return (int)w + 1;
}

int tlv_deadline(tlv_date from, int unit, int amount, tlv_date *out)
{
	if (amount < 0 || amount > 10000) return -1;
	long days = tlv_date_to_days(from);
	switch (unit) {
	case TLV_TERM_KALENDERDAGEN:
		days += amount;
		break;
	case TLV_TERM_WEKEN:
		days += 7L * amount;
		break;
	case TLV_TERM_WERKDAGEN: {
		/* whole weeks first, then the remainder day by day */
		int wd = tlv_weekday(from);
		if (wd > 5 && amount > 0) { /* a weekend start counts as the Friday before */
			days -= wd - 5;
		}
		days += 7L * (amount / 5);
		for (int left = amount % 5; left > 0;) {
			days++;
			if (tlv_weekday(tlv_days_to_date(days)) <= 5) left--;
		}
		break;
	}
	default:
		return -1;
	}
	*out = tlv_days_to_date(days);
	return 0;
}
