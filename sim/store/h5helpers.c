// Helpers for the HDF5 calls of package store; see h5.go.
#include <stdio.h>
#include <string.h>
#include "h5helpers.h"

hid_t gh5_native(int k) {
	switch (k) {
	case G_F32: return H5T_NATIVE_FLOAT;
	case G_F64: return H5T_NATIVE_DOUBLE;
	case G_I64: return H5T_NATIVE_INT64;
	case G_U64: return H5T_NATIVE_UINT64;
	case G_U32: return H5T_NATIVE_UINT32;
	case G_I8:  return H5T_NATIVE_SCHAR;
	case G_U8:  return H5T_NATIVE_UCHAR;
	case G_U16: return H5T_NATIVE_UINT16;
	case G_I16: return H5T_NATIVE_INT16;
	case G_I32: return H5T_NATIVE_INT32;
	}
	return -1;
}

hid_t gh5_std(int k) {
	switch (k) {
	case G_F32: return H5T_IEEE_F32LE;
	case G_F64: return H5T_IEEE_F64LE;
	case G_I64: return H5T_STD_I64LE;
	case G_U64: return H5T_STD_U64LE;
	case G_U32: return H5T_STD_U32LE;
	case G_I8:  return H5T_STD_I8LE;
	case G_U8:  return H5T_STD_U8LE;
	case G_U16: return H5T_STD_U16LE;
	case G_I16: return H5T_STD_I16LE;
	case G_I32: return H5T_STD_I32LE;
	}
	return -1;
}

typedef struct {
	char *buf;
	size_t cap, len;
	const char *prev;
} gh5_errbuf;

static herr_t gh5_walk(unsigned n, const H5E_error2_t *e, void *data) {
	gh5_errbuf *b = (gh5_errbuf *)data;
	const char *d = e->desc;
	if (d == NULL || d[0] == 0) return 0;
	if (b->prev != NULL && strcmp(b->prev, d) == 0) return 0;
	b->prev = d;
	if (b->len > 0 && b->len + 2 < b->cap) {
		memcpy(b->buf + b->len, ": ", 2);
		b->len += 2;
	}
	size_t dl = strlen(d), room = b->cap - 1 - b->len;
	if (dl > room) dl = room;
	memcpy(b->buf + b->len, d, dl);
	b->len += dl;
	b->buf[b->len] = 0;
	return 0;
}

// gh5_errmsg writes the descriptions of the HDF5 error stack, outermost first.
void gh5_errmsg(char *buf) {
	gh5_errbuf b = {buf, G_ERRLEN, 0, NULL};
	buf[0] = 0;
	H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, gh5_walk, &b);
}

// gh5_attr_write creates (or replaces) attribute name on loc: a scalar when
// rank is 0, else n values.
int gh5_attr_write(hid_t loc, const char *name, hid_t ftype, hid_t mtype, int rank, hsize_t n, const void *buf, char *err) {
	htri_t ex = H5Aexists(loc, name);
	if (ex < 0) { gh5_errmsg(err); return -1; }
	if (ex > 0 && H5Adelete(loc, name) < 0) { gh5_errmsg(err); return -1; }
	hid_t sp = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL);
	if (sp < 0) { gh5_errmsg(err); return -1; }
	hid_t a = H5Acreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT);
	if (a < 0) { gh5_errmsg(err); H5Sclose(sp); return -1; }
	if (H5Awrite(a, mtype, buf) < 0) { gh5_errmsg(err); H5Aclose(a); H5Sclose(sp); return -1; }
	if (H5Aclose(a) < 0) { gh5_errmsg(err); H5Sclose(sp); return -1; }
	H5Sclose(sp);
	return 0;
}

int gh5_attr_write_num(hid_t loc, const char *name, int kind, int rank, hsize_t n, const void *buf, char *err) {
	return gh5_attr_write(loc, name, gh5_std(kind), gh5_native(kind), rank, n, buf, err);
}

// gh5_attr_write_str writes variable-length UTF-8 strings, as h5py does.
int gh5_attr_write_str(hid_t loc, const char *name, int rank, hsize_t n, const char **strs, char *err) {
	hid_t t = H5Tcopy(H5T_C_S1);
	if (t < 0) { gh5_errmsg(err); return -1; }
	if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) { gh5_errmsg(err); H5Tclose(t); return -1; }
	int rc = gh5_attr_write(loc, name, t, t, rank, n, strs, err);
	H5Tclose(t);
	return rc;
}

// gh5_sorting_type is SONATA's sorting enum, as libsonata defines it.
hid_t gh5_sorting_type(void) {
	hid_t t = H5Tenum_create(H5T_NATIVE_SCHAR);
	if (t < 0) return -1;
	signed char v;
	v = 0; H5Tenum_insert(t, "none", &v);
	v = 1; H5Tenum_insert(t, "by_id", &v);
	v = 2; H5Tenum_insert(t, "by_time", &v);
	return t;
}

int gh5_attr_write_sorting(hid_t loc, signed char v, char *err) {
	hid_t t = gh5_sorting_type();
	if (t < 0) { gh5_errmsg(err); return -1; }
	int rc = gh5_attr_write(loc, "sorting", t, t, 0, 1, &v, err);
	H5Tclose(t);
	return rc;
}

int gh5_num_attrs(hid_t loc, char *err) {
	H5O_info_t oi;
	if (H5Oget_info2(loc, &oi, H5O_INFO_NUM_ATTRS) < 0) { gh5_errmsg(err); return -1; }
	return (int)oi.num_attrs;
}

// gh5_attr_info opens attribute idx (in name order) and reports its name,
// class, size, sign, whether it is a variable-length string and its number
// of elements. The caller closes the returned attribute.
hid_t gh5_attr_info(hid_t loc, hsize_t idx, char *name, size_t namecap, int *cls, size_t *size, int *sign, int *vstr, hssize_t *npoints, char *err) {
	hid_t a = H5Aopen_by_idx(loc, ".", H5_INDEX_NAME, H5_ITER_INC, idx, H5P_DEFAULT, H5P_DEFAULT);
	if (a < 0) { gh5_errmsg(err); return -1; }
	if (H5Aget_name(a, namecap, name) < 0) { gh5_errmsg(err); H5Aclose(a); return -1; }
	hid_t t = H5Aget_type(a);
	if (t < 0) { gh5_errmsg(err); H5Aclose(a); return -1; }
	*cls = (int)H5Tget_class(t);
	*size = H5Tget_size(t);
	*sign = *cls == H5T_INTEGER ? (int)H5Tget_sign(t) : 0;
	*vstr = *cls == H5T_STRING ? (H5Tis_variable_str(t) > 0) : 0;
	H5Tclose(t);
	hid_t sp = H5Aget_space(a);
	if (sp < 0) { gh5_errmsg(err); H5Aclose(a); return -1; }
	*npoints = H5Sget_simple_extent_npoints(sp);
	if (H5Sget_simple_extent_type(sp) == H5S_NULL) *npoints = 0;
	H5Sclose(sp);
	return a;
}

int gh5_attr_read_num(hid_t a, int kind, void *buf, char *err) {
	if (H5Aread(a, gh5_native(kind), buf) < 0) { gh5_errmsg(err); return -1; }
	return 0;
}

// gh5_attr_read_fixed reads fixed-length strings as raw bytes.
int gh5_attr_read_fixed(hid_t a, void *buf, char *err) {
	hid_t t = H5Aget_type(a);
	if (t < 0) { gh5_errmsg(err); return -1; }
	int rc = H5Aread(a, t, buf);
	if (rc < 0) gh5_errmsg(err);
	H5Tclose(t);
	return rc < 0 ? -1 : 0;
}

// gh5_attr_read_vstr reads n variable-length strings into ptrs; the caller
// frees them with gh5_vstr_free.
int gh5_attr_read_vstr(hid_t a, char **ptrs, char *err) {
	hid_t ft = H5Aget_type(a);
	if (ft < 0) { gh5_errmsg(err); return -1; }
	H5T_cset_t cset = H5Tget_cset(ft);
	H5Tclose(ft);
	hid_t t = H5Tcopy(H5T_C_S1);
	if (t < 0) { gh5_errmsg(err); return -1; }
	H5Tset_size(t, H5T_VARIABLE);
	if (cset >= 0) H5Tset_cset(t, cset);
	int rc = H5Aread(a, t, ptrs);
	if (rc < 0) gh5_errmsg(err);
	H5Tclose(t);
	return rc < 0 ? -1 : 0;
}

void gh5_vstr_free(char **ptrs, size_t n) {
	for (size_t i = 0; i < n; i++) if (ptrs[i] != NULL) H5free_memory(ptrs[i]);
}

// gh5_attr_read_enum reads n enum values and writes their names, each in a
// slot of namelen bytes (empty when a value has no name). It reads the raw
// values in the file's type and matches them against the members' values,
// so that no type conversion runs on a type read from a (possibly
// corrupt) file.
int gh5_attr_read_enum(hid_t a, size_t n, char *names, size_t namelen, char *err) {
	hid_t ft = H5Aget_type(a);
	if (ft < 0) { gh5_errmsg(err); return -1; }
	size_t sz = H5Tget_size(ft);
	int nm = H5Tget_nmembers(ft);
	if (sz == 0 || sz > 8 || nm < 0 || nm > 4096) {
		snprintf(err, G_ERRLEN, "enum of %d members of %zu bytes: corrupt type", nm, sz);
		H5Tclose(ft);
		return -1;
	}
	unsigned char *vals = calloc(n + 1, sz);
	if (vals == NULL) { strcpy(err, "out of memory"); H5Tclose(ft); return -1; }
	if (H5Aread(a, ft, vals) < 0) { gh5_errmsg(err); free(vals); H5Tclose(ft); return -1; }
	for (size_t i = 0; i < n; i++) names[i * namelen] = 0;
	for (int m = 0; m < nm; m++) {
		unsigned char mv[8] = {0};
		if (H5Tget_member_value(ft, (unsigned)m, mv) < 0) continue;
		char *mn = H5Tget_member_name(ft, (unsigned)m);
		if (mn == NULL) continue;
		for (size_t i = 0; i < n; i++) {
			if (memcmp(vals + i * sz, mv, sz) == 0) {
				strncpy(names + i * namelen, mn, namelen - 1);
				names[i * namelen + namelen - 1] = 0;
			}
		}
		H5free_memory(mn);
	}
	free(vals);
	H5Tclose(ft);
	return 0;
}

// gh5_copy_attrs copies every attribute of src to dst.
int gh5_copy_attrs(hid_t src, hid_t dst, char *err) {
	int n = gh5_num_attrs(src, err);
	if (n < 0) return -1;
	for (int i = 0; i < n; i++) {
		hid_t a = H5Aopen_by_idx(src, ".", H5_INDEX_NAME, H5_ITER_INC, (hsize_t)i, H5P_DEFAULT, H5P_DEFAULT);
		if (a < 0) { gh5_errmsg(err); return -1; }
		char name[1024];
		hid_t ft = -1, mt = -1, sp = -1, b = -1;
		void *buf = NULL;
		int ok = 0;
		if (H5Aget_name(a, sizeof name, name) < 0) goto fail;
		if ((ft = H5Aget_type(a)) < 0) goto fail;
		if ((mt = H5Tget_native_type(ft, H5T_DIR_ASCEND)) < 0) goto fail;
		if ((sp = H5Aget_space(a)) < 0) goto fail;
		hssize_t np = H5Sget_simple_extent_npoints(sp);
		if (np < 0) goto fail;
		size_t sz = H5Tget_size(mt);
		if (sz == 0) goto fail;
		buf = calloc((size_t)np + 1, sz);
		if (buf == NULL) goto fail;
		if (H5Aread(a, mt, buf) < 0) goto fail;
		if ((b = H5Acreate2(dst, name, ft, sp, H5P_DEFAULT, H5P_DEFAULT)) < 0) goto fail;
		if (H5Awrite(b, mt, buf) < 0) goto fail;
		ok = 1;
	fail:
		if (!ok) gh5_errmsg(err);
		if (buf != NULL && mt >= 0 && sp >= 0 && H5Tdetect_class(mt, H5T_VLEN) > 0) H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, buf);
		else if (buf != NULL && mt >= 0 && sp >= 0 && H5Tis_variable_str(mt) > 0) H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, buf);
		free(buf);
		if (b >= 0) H5Aclose(b);
		if (sp >= 0) H5Sclose(sp);
		if (mt >= 0) H5Tclose(mt);
		if (ft >= 0) H5Tclose(ft);
		H5Aclose(a);
		if (!ok) return -1;
	}
	return 0;
}


int gh5_dset_info(hid_t d, gh5_dinfo *info, char *err) {
	hid_t sp = H5Dget_space(d);
	if (sp < 0) { gh5_errmsg(err); return -1; }
	if (H5Sget_simple_extent_type(sp) == H5S_NULL) {
		info->rank = 1;
		info->dims[0] = 0;
	} else {
		int r = H5Sget_simple_extent_ndims(sp);
		if (r < 0 || r > H5S_MAX_RANK) { gh5_errmsg(err); H5Sclose(sp); return -1; }
		info->rank = r;
		if (H5Sget_simple_extent_dims(sp, info->dims, NULL) < 0) { gh5_errmsg(err); H5Sclose(sp); return -1; }
	}
	H5Sclose(sp);
	hid_t t = H5Dget_type(d);
	if (t < 0) { gh5_errmsg(err); return -1; }
	info->cls = (int)H5Tget_class(t);
	info->size = H5Tget_size(t);
	info->sign = info->cls == H5T_INTEGER ? (int)H5Tget_sign(t) : 0;
	info->type_ok = gh5_type_ok(t, 0);
	H5Tclose(t);
	info->storage = H5Dget_storage_size(d);
	info->filesize = 0;
	hid_t f = H5Iget_file_id(d);
	if (f >= 0) {
		if (H5Fget_filesize(f, &info->filesize) < 0) info->filesize = 0;
		H5Fclose(f);
	}
	info->chunk_bad = 0;
	hid_t p = H5Dget_create_plist(d);
	if (p >= 0) {
		info->chunked = H5Pget_layout(p) == H5D_CHUNKED;
		if (info->chunked) {
			// HDF5 refuses to create a chunk larger than a fixed
			// dimension; a file that has one is corrupt, and reading
			// it makes libhdf5 write out of bounds.
			hsize_t chunk[H5S_MAX_RANK], maxdims[H5S_MAX_RANK];
			int cr = H5Pget_chunk(p, H5S_MAX_RANK, chunk);
			hid_t sp2 = H5Dget_space(d);
			int ok = sp2 >= 0 && cr == info->rank &&
			         H5Sget_simple_extent_dims(sp2, NULL, maxdims) >= 0;
			for (int i = 0; ok && i < cr; i++) {
				if (chunk[i] == 0 || (maxdims[i] != H5S_UNLIMITED && chunk[i] > maxdims[i])) ok = 0;
			}
			if (sp2 >= 0) H5Sclose(sp2);
			info->chunk_bad = !ok;
		}
		H5Pclose(p);
	}
	return 0;
}

int gh5_dset_read(hid_t d, hid_t mtype, void *buf, char *err) {
	if (H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) { gh5_errmsg(err); return -1; }
	return 0;
}

int gh5_dset_read_num(hid_t d, int kind, void *buf, char *err) {
	return gh5_dset_read(d, gh5_native(kind), buf, err);
}

int gh5_dset_write_num(hid_t d, int kind, const void *buf, char *err) {
	if (H5Dwrite(d, gh5_native(kind), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) { gh5_errmsg(err); return -1; }
	return 0;
}

// gh5_spike_type is the in-memory compound {gid uint64, t_ms float64}.
hid_t gh5_spike_type(int std) {
	hid_t t = H5Tcreate(H5T_COMPOUND, 16);
	if (t < 0) return -1;
	if (H5Tinsert(t, "gid", 0, std ? H5T_STD_U64LE : H5T_NATIVE_UINT64) < 0 ||
	    H5Tinsert(t, "t_ms", 8, std ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE) < 0) {
		H5Tclose(t);
		return -1;
	}
	return t;
}

int gh5_dset_read_spikes(hid_t d, void *buf, char *err) {
	hid_t t = gh5_spike_type(0);
	if (t < 0) { gh5_errmsg(err); return -1; }
	int rc = gh5_dset_read(d, t, buf, err);
	H5Tclose(t);
	return rc;
}

int gh5_dset_write_spikes(hid_t d, const void *buf, char *err) {
	hid_t t = gh5_spike_type(0);
	if (t < 0) { gh5_errmsg(err); return -1; }
	int rc = 0;
	if (H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) { gh5_errmsg(err); rc = -1; }
	H5Tclose(t);
	return rc;
}

// gh5_dset_create creates a dataset of the given file type and shape, chunked
// and compressed (shuffle, then deflate at level) when chunk is not NULL.
hid_t gh5_dset_create(hid_t loc, const char *name, hid_t ftype, int rank, const hsize_t *dims, const hsize_t *chunk, int level, int shuffle, char *err) {
	hid_t sp = H5Screate_simple(rank, dims, NULL);
	if (sp < 0) { gh5_errmsg(err); return -1; }
	hid_t p = H5Pcreate(H5P_DATASET_CREATE);
	if (p < 0) { gh5_errmsg(err); H5Sclose(sp); return -1; }
	if (chunk != NULL) {
		if (H5Pset_chunk(p, rank, chunk) < 0 ||
		    (shuffle && H5Pset_shuffle(p) < 0) ||
		    (level > 0 && H5Pset_deflate(p, (unsigned)level) < 0)) {
			gh5_errmsg(err); H5Pclose(p); H5Sclose(sp); return -1;
		}
	}
	hid_t d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, p, H5P_DEFAULT);
	if (d < 0) gh5_errmsg(err);
	H5Pclose(p);
	H5Sclose(sp);
	return d;
}

hid_t gh5_dset_create_num(hid_t loc, const char *name, int kind, int rank, const hsize_t *dims, const hsize_t *chunk, int level, int shuffle, char *err) {
	return gh5_dset_create(loc, name, gh5_std(kind), rank, dims, chunk, level, shuffle, err);
}

hid_t gh5_dset_create_spikes(hid_t loc, const char *name, hsize_t n, const hsize_t *chunk, int level, char *err) {
	hid_t t = gh5_spike_type(1);
	if (t < 0) { gh5_errmsg(err); return -1; }
	hid_t d = gh5_dset_create(loc, name, t, 1, &n, chunk, level, 1, err);
	H5Tclose(t);
	return d;
}

// gh5_obj_kind reports whether name in loc is a group (1), a dataset (2),
// something else (3) or absent (0).
int gh5_obj_kind(hid_t loc, const char *name, char *err) {
	htri_t ex = H5Lexists(loc, name, H5P_DEFAULT);
	if (ex < 0) { gh5_errmsg(err); return -1; }
	if (ex == 0) return 0;
	htri_t ok = H5Oexists_by_name(loc, name, H5P_DEFAULT);
	if (ok <= 0) return 3; // dangling or external link
	hid_t o = H5Oopen(loc, name, H5P_DEFAULT);
	if (o < 0) { gh5_errmsg(err); return -1; }
	H5I_type_t t = H5Iget_type(o);
	H5Oclose(o);
	if (t == H5I_GROUP) return 1;
	if (t == H5I_DATASET) return 2;
	return 3;
}

int gh5_num_links(hid_t g, char *err) {
	H5G_info_t info;
	if (H5Gget_info(g, &info) < 0) { gh5_errmsg(err); return -1; }
	return (int)info.nlinks;
}

ssize_t gh5_link_name(hid_t g, hsize_t idx, char *buf, size_t cap, char *err) {
	ssize_t n = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, idx, buf, cap, H5P_DEFAULT);
	if (n < 0) gh5_errmsg(err);
	return n;
}

int gh5_copy(hid_t src, const char *name, hid_t dst, char *err) {
	if (H5Ocopy(src, name, dst, name, H5P_DEFAULT, H5P_DEFAULT) < 0) { gh5_errmsg(err); return -1; }
	return 0;
}

// gh5_member reports compound member i's name (in buf), class, size and sign.
int gh5_member(hid_t t, unsigned i, char *buf, size_t cap, int *cls, size_t *size, int *sign) {
	char *n = H5Tget_member_name(t, i);
	if (n == NULL) return -1;
	strncpy(buf, n, cap - 1);
	buf[cap - 1] = 0;
	H5free_memory(n);
	hid_t mt = H5Tget_member_type(t, i);
	if (mt < 0) return -1;
	*cls = (int)H5Tget_class(mt);
	*size = H5Tget_size(mt);
	*sign = *cls == H5T_INTEGER ? (int)H5Tget_sign(mt) : 0;
	H5Tclose(mt);
	return 0;
}

// gh5_quiet turns off HDF5's printing of errors for the calling thread:
// a thread-safe libhdf5 (as Debian builds it) keeps that setting, and the
// error stack, per thread.
void gh5_quiet(void) {
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

static int gh5_std_int(hid_t t) {
	hid_t c[] = {H5T_STD_I8LE, H5T_STD_I16LE, H5T_STD_I32LE, H5T_STD_I64LE,
	             H5T_STD_U8LE, H5T_STD_U16LE, H5T_STD_U32LE, H5T_STD_U64LE,
	             H5T_STD_I8BE, H5T_STD_I16BE, H5T_STD_I32BE, H5T_STD_I64BE,
	             H5T_STD_U8BE, H5T_STD_U16BE, H5T_STD_U32BE, H5T_STD_U64BE};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		if (H5Tequal(t, c[i]) > 0) return 1;
	return 0;
}

static int gh5_std_float(hid_t t) {
	hid_t c[] = {H5T_IEEE_F32LE, H5T_IEEE_F64LE, H5T_IEEE_F32BE, H5T_IEEE_F64BE};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		if (H5Tequal(t, c[i]) > 0) return 1;
	return 0;
}

// gh5_type_ok reports whether t is a type this package reads: a standard
// integer or IEEE float type, a string of sane size, an enum over a
// standard integer type, or a compound of those whose members fit in it.
// libhdf5 trusts the type descriptions of a file: running its conversions
// on a corrupt one can overrun its buffers, so nothing else is read.
int gh5_type_ok(hid_t t, int depth) {
	switch (H5Tget_class(t)) {
	case H5T_INTEGER:
		return gh5_std_int(t);
	case H5T_FLOAT:
		return gh5_std_float(t);
	case H5T_STRING: {
		if (H5Tis_variable_str(t) > 0) return 1;
		size_t sz = H5Tget_size(t);
		return sz > 0 && sz <= (1 << 20);
	}
	case H5T_ENUM: {
		hid_t b = H5Tget_super(t);
		if (b < 0) return 0;
		int ok = gh5_std_int(b);
		H5Tclose(b);
		int nm = H5Tget_nmembers(t);
		return ok && nm >= 0 && nm <= 4096;
	}
	case H5T_COMPOUND: {
		if (depth > 2) return 0;
		int n = H5Tget_nmembers(t);
		size_t size = H5Tget_size(t);
		if (n <= 0 || n > 256 || size == 0 || size > 4096) return 0;
		for (int i = 0; i < n; i++) {
			hid_t mt = H5Tget_member_type(t, (unsigned)i);
			if (mt < 0) return 0;
			int ok = gh5_type_ok(mt, depth + 1);
			size_t off = H5Tget_member_offset(t, (unsigned)i);
			size_t ms = H5Tget_size(mt);
			H5Tclose(mt);
			if (!ok || ms == 0 || off > size || ms > size - off) return 0;
		}
		return 1;
	}
	default:
		return 0;
	}
}

// gh5_attr_type_ok is gh5_type_ok for an attribute's type.
int gh5_attr_type_ok(hid_t a) {
	hid_t t = H5Aget_type(a);
	if (t < 0) return 0;
	int ok = gh5_type_ok(t, 0);
	H5Tclose(t);
	return ok;
}

// gh5_write_chunk writes one chunk, already filtered, at offset.
int gh5_write_chunk(hid_t d, const hsize_t *offset, size_t size, const void *buf, char *err) {
	if (H5Dwrite_chunk(d, H5P_DEFAULT, 0, offset, size, buf) < 0) { gh5_errmsg(err); return -1; }
	return 0;
}

// gh5_select_rows makes the file and memory dataspaces of rows [start,
// start+count) of dataset d along its first dimension (all of the other
// dimensions). The caller closes both.
static int gh5_select_rows(hid_t d, hsize_t start, hsize_t count, hid_t *fsp, hid_t *msp, char *err) {
	*fsp = H5Dget_space(d);
	if (*fsp < 0) { gh5_errmsg(err); return -1; }
	int r = H5Sget_simple_extent_ndims(*fsp);
	hsize_t dims[H5S_MAX_RANK], off[H5S_MAX_RANK], cnt[H5S_MAX_RANK];
	if (r < 1 || r > H5S_MAX_RANK || H5Sget_simple_extent_dims(*fsp, dims, NULL) < 0) {
		snprintf(err, G_ERRLEN, "dataset of rank %d: want at least one dimension", r);
		H5Sclose(*fsp);
		return -1;
	}
	if (start > dims[0] || count > dims[0] - start) {
		snprintf(err, G_ERRLEN, "rows [%llu, %llu) outside the dataset's %llu rows",
		         (unsigned long long)start, (unsigned long long)(start + count), (unsigned long long)dims[0]);
		H5Sclose(*fsp);
		return -1;
	}
	for (int i = 0; i < r; i++) { off[i] = 0; cnt[i] = dims[i]; }
	off[0] = start;
	cnt[0] = count;
	if (H5Sselect_hyperslab(*fsp, H5S_SELECT_SET, off, NULL, cnt, NULL) < 0) { gh5_errmsg(err); H5Sclose(*fsp); return -1; }
	*msp = H5Screate_simple(r, cnt, NULL);
	if (*msp < 0) { gh5_errmsg(err); H5Sclose(*fsp); return -1; }
	return 0;
}

// gh5_dset_read_rows reads rows [start, start+count) of d, converted to
// the numeric kind, into buf.
int gh5_dset_read_rows(hid_t d, int kind, hsize_t start, hsize_t count, void *buf, char *err) {
	hid_t fsp, msp;
	if (gh5_select_rows(d, start, count, &fsp, &msp, err) < 0) return -1;
	int rc = 0;
	if (H5Dread(d, gh5_native(kind), msp, fsp, H5P_DEFAULT, buf) < 0) { gh5_errmsg(err); rc = -1; }
	H5Sclose(msp);
	H5Sclose(fsp);
	return rc;
}

// gh5_dset_read_vstr_rows reads rows of a one-dimensional dataset of
// variable-length strings into ptrs; free them with gh5_vstr_free.
int gh5_dset_read_vstr_rows(hid_t d, hsize_t start, hsize_t count, char **ptrs, char *err) {
	hid_t ft = H5Dget_type(d);
	if (ft < 0) { gh5_errmsg(err); return -1; }
	H5T_cset_t cset = H5Tget_cset(ft);
	H5Tclose(ft);
	hid_t t = H5Tcopy(H5T_C_S1);
	if (t < 0) { gh5_errmsg(err); return -1; }
	H5Tset_size(t, H5T_VARIABLE);
	if (cset >= 0) H5Tset_cset(t, cset);
	hid_t fsp, msp;
	if (gh5_select_rows(d, start, count, &fsp, &msp, err) < 0) { H5Tclose(t); return -1; }
	for (hsize_t i = 0; i < count; i++) ptrs[i] = NULL;
	int rc = 0;
	if (H5Dread(d, t, msp, fsp, H5P_DEFAULT, ptrs) < 0) { gh5_errmsg(err); rc = -1; }
	H5Sclose(msp);
	H5Sclose(fsp);
	H5Tclose(t);
	return rc;
}

// gh5_dset_read_fixed_rows reads rows of a one-dimensional dataset of
// fixed-length strings as raw bytes (size bytes each) into buf.
int gh5_dset_read_fixed_rows(hid_t d, hsize_t start, hsize_t count, void *buf, char *err) {
	hid_t t = H5Dget_type(d);
	if (t < 0) { gh5_errmsg(err); return -1; }
	hid_t fsp, msp;
	if (gh5_select_rows(d, start, count, &fsp, &msp, err) < 0) { H5Tclose(t); return -1; }
	int rc = 0;
	if (H5Dread(d, t, msp, fsp, H5P_DEFAULT, buf) < 0) { gh5_errmsg(err); rc = -1; }
	H5Sclose(msp);
	H5Sclose(fsp);
	H5Tclose(t);
	return rc;
}
