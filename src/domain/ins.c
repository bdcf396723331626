/*
 * INS matricule checks. DOMAIN §2: replace 2A by 19 and 2B by 18, then
 * key = 97 − (13-digit number mod 97).
 */
#include <string.h>

#include "ins.h"

const char *const ins_status_codes[] = { "PROV", "RECUP", "VALI", "QUAL",
	NULL };
const char *const ins_oid_codes[] = { INS_OID_NIR, INS_OID_NIA,
	INS_OID_TEST, INS_OID_DEMO, NULL };

int
ins_key(const char *s)
{
	unsigned long long n = 0;
	int i;

	for (i = 0; i < 13; i++) {
		char c = s[i];

		if (i == 5 && s[5] == '2' && (s[6] == 'A' || s[6] == 'B')) {
			/* Corsica: "2A" → 19, "2B" → 18. */
			n = n * 100 + (s[6] == 'A' ? 19 : 18);
			i++;
			continue;
		}
		if (c < '0' || c > '9')
			return -1;
		n = n * 10 + (unsigned)(c - '0');
	}
	return (int)(97 - n % 97);
}

int
ins_valid(const char *s)
{
	int key;

	if (s == NULL || strlen(s) != 15)
		return 0;
	if (s[0] != '1' && s[0] != '2' && s[0] != '3' && s[0] != '4' &&
	    s[0] != '7' && s[0] != '8')
		return 0;
	if (s[13] < '0' || s[13] > '9' || s[14] < '0' || s[14] > '9')
		return 0;
	key = ins_key(s);
	return key >= 0 && key == (s[13] - '0') * 10 + (s[14] - '0');
}
