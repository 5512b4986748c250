/* svc: the one list of service areas passendd serves (service_areas). A new
 * area adds its description here and its file to server/sources.cmake. */
#include "svc.h"

#include <stddef.h>

const service *const service_areas[] = {
    &svc_area_health,
    &svc_area_platform,
    &svc_area_tenancy,
    &svc_area_school,
    &svc_area_schoolbestuur,
    &svc_area_gemeente,
    &svc_area_herkomst_type,
    &svc_area_telling,
    &svc_area_werkgebied,
    &svc_area_toezicht,
    &svc_area_rapportage_deelname,
    &svc_area_rapportage_tlv,
    &svc_area_tlv,
    &svc_area_import,
    NULL,
};
