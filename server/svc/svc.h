/* svc: the services passendd serves. Each area has one file under svc/ that
 * defines its handlers and exports one description (its methods and its
 * statements); svc.c lists the areas in service_areas (service.h). */
#ifndef PASSEND_SVC_H
#define PASSEND_SVC_H

#include "service.h"

extern const service svc_area_health;
extern const service svc_area_platform;
extern const service svc_area_tenancy;
extern const service svc_area_school;
extern const service svc_area_schoolbestuur;
extern const service svc_area_gemeente;
extern const service svc_area_herkomst_type;
extern const service svc_area_telling;
extern const service svc_area_werkgebied;
extern const service svc_area_toezicht;
extern const service svc_area_rapportage_deelname;
extern const service svc_area_rapportage_tlv;
extern const service svc_area_tlv;
extern const service svc_area_import;

#endif
