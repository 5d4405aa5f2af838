// Helpers for the HDF5 calls of package store; see h5.go.
#ifndef GOLGI_STORE_H5HELPERS_H
#define GOLGI_STORE_H5HELPERS_H
#include <stdlib.h>
#include <hdf5.h>

#define G_ERRLEN 512

enum { G_F32, G_F64, G_I64, G_U64, G_U32, G_I8, G_U8, G_U16, G_I16, G_I32 };

typedef struct {
	int rank;
	hsize_t dims[H5S_MAX_RANK];
	int cls;
	size_t size;
	int sign;
	hsize_t storage;
	int chunked;
	int type_ok;
	hsize_t filesize;
	int chunk_bad;
} gh5_dinfo;

hid_t gh5_native(int k);
hid_t gh5_std(int k);
void gh5_errmsg(char *buf);
int gh5_attr_write(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank, hsize_t n, const void *buf, char *err);
int gh5_attr_write_num(hid_t loc, const char *name, int kind, int rank, hsize_t n, const void *buf, char *err);
int gh5_attr_write_str(hid_t loc, const char *name, int rank, hsize_t n, const char **strs, char *err);
hid_t gh5_sorting_type(void);
int gh5_attr_write_sorting(hid_t loc, signed char v, char *err);
int gh5_num_attrs(hid_t loc, char *err);
hid_t gh5_attr_info(hid_t loc, hsize_t idx, char *name, size_t namecap, int *cls, size_t *size, int *sign, int *vstr, hssize_t *npoints, char *err);
int gh5_attr_read_num(hid_t a, int kind, void *buf, char *err);
int gh5_attr_read_fixed(hid_t a, void *buf, char *err);
int gh5_attr_read_vstr(hid_t a, char **ptrs, char *err);
void gh5_vstr_free(char **ptrs, size_t n);
int gh5_attr_read_enum(hid_t a, size_t n, char *names, size_t namelen, char *err);
int gh5_copy_attrs(hid_t src, hid_t dst, char *err);
int gh5_dset_info(hid_t d, gh5_dinfo *info, char *err);
int gh5_dset_read(hid_t d, hid_t mtype, void *buf, char *err);
int gh5_dset_read_num(hid_t d, int kind, void *buf, char *err);
int gh5_dset_write_num(hid_t d, int kind, const void *buf, char *err);
hid_t gh5_spike_type(int std);
int gh5_dset_read_spikes(hid_t d, void *buf, char *err);
int gh5_dset_write_spikes(hid_t d, const void *buf, char *err);
hid_t gh5_dset_create(hid_t loc, const char *name, hid_t ftype, int rank, const hsize_t *dims, const hsize_t *chunk, int level, int shuffle, char *err);
hid_t gh5_dset_create_num(hid_t loc, const char *name, int kind, int rank, const hsize_t *dims, const hsize_t *chunk, int level, int shuffle, char *err);
hid_t gh5_dset_create_spikes(hid_t loc, const char *name, hsize_t n, const hsize_t *chunk, int level, char *err);
int gh5_obj_kind(hid_t loc, const char *name, char *err);
int gh5_num_links(hid_t g, char *err);
ssize_t gh5_link_name(hid_t g, hsize_t idx, char *buf, size_t cap, char *err);
int gh5_copy(hid_t src, const char *name, hid_t dst, char *err);
int gh5_member(hid_t t, unsigned i, char *buf, size_t cap, int *cls, size_t *size, int *sign);
void gh5_quiet(void);
int gh5_type_ok(hid_t t, int depth);
int gh5_attr_type_ok(hid_t a);
int gh5_write_chunk(hid_t d, const hsize_t *offset, size_t size, const void *buf, char *err);
int gh5_dset_read_rows(hid_t d, int kind, hsize_t start, hsize_t count, void *buf, char *err);
int gh5_dset_read_vstr_rows(hid_t d, hsize_t start, hsize_t count, char **ptrs, char *err);
int gh5_dset_read_fixed_rows(hid_t d, hsize_t start, hsize_t count, void *buf, char *err);

#endif
