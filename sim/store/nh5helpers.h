// Helpers for the NeuroH5 files of package store; see neuroh5.go.
#ifndef GOLGI_STORE_NH5HELPERS_H
#define GOLGI_STORE_NH5HELPERS_H
#include <stdint.h>
#include "h5helpers.h"

hid_t gnh5_group_create(hid_t loc, const char *name, char *err);
int gnh5_write_h5types(hid_t file, size_t npop, const char **names, const uint16_t *ids,
	const uint64_t *starts, const uint32_t *counts, size_t nprj, const uint16_t *src,
	const uint16_t *dst, char *err);
int gnh5_label_count(hid_t file, char *err);
int gnh5_read_labels(hid_t file, size_t n, char *names, size_t namelen, uint16_t *ids, char *err);
long long gnh5_rows(hid_t file, const char *path, char *err);
int gnh5_read_populations(hid_t file, size_t n, uint64_t *starts, uint32_t *counts, uint16_t *ids, char *err);
int gnh5_read_projections(hid_t file, size_t n, uint16_t *src, uint16_t *dst, char *err);
int gnh5_write_ext(hid_t loc, const char *name, int kind, hsize_t n, hsize_t chunk, const void *buf, char *err);
int gnh5_link(hid_t obj_loc, const char *obj_name, hid_t link_loc, const char *link_name, char *err);

#endif
