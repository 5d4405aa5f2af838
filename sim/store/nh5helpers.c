// Helpers for the NeuroH5 files of package store; see neuroh5.go. Every
// object is created without modification times (H5Pset_obj_track_times
// off), so that equal content gives byte-identical files.
#include <stdio.h>
#include <string.h>
#include "nh5helpers.h"

static const char *nh5_labels = "Population labels";
static const char *nh5_range = "Population range";
static const char *nh5_combs = "Population projections";

static hid_t nh5_plist(hid_t cls) {
	hid_t p = H5Pcreate(cls);
	if (p < 0) return -1;
	if (H5Pset_obj_track_times(p, 0) < 0) { H5Pclose(p); return -1; }
	return p;
}

// gnh5_group_create creates group name in loc without modification times.
hid_t gnh5_group_create(hid_t loc, const char *name, char *err) {
	hid_t p = nh5_plist(H5P_GROUP_CREATE);
	if (p < 0) { gh5_errmsg(err); return -1; }
	hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, p, H5P_DEFAULT);
	if (g < 0) gh5_errmsg(err);
	H5Pclose(p);
	return g;
}

// nh5_dataset creates dataset name of type t with n elements (contiguous).
static hid_t nh5_dataset(hid_t loc, const char *name, hid_t t, hsize_t n) {
	hid_t sp = H5Screate_simple(1, &n, NULL);
	if (sp < 0) return -1;
	hid_t p = nh5_plist(H5P_DATASET_CREATE);
	if (p < 0) { H5Sclose(sp); return -1; }
	hid_t d = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, p, H5P_DEFAULT);
	H5Pclose(p);
	H5Sclose(sp);
	return d;
}

// The in-memory rows: NeuroH5's pop_range_t and pop_comb_t.
typedef struct {
	uint64_t start;
	uint32_t count;
	uint16_t pop;
} nh5_range_t;

typedef struct {
	uint16_t src;
	uint16_t dst;
} nh5_comb_t;

// gnh5_write_h5types writes group H5Types as MiV's create_neural_h5 does
// with h5py: the committed enum "Population labels" (base uint16), the
// committed compounds "Population range" {Start uint64, Count uint32,
// Population enum} (packed, 14 bytes) and "Population projections"
// {Source enum, Destination enum}, the dataset "Populations" of a
// (transient) copy of the range type and the dataset "Valid population
// projections" of the committed projections type.
int gnh5_write_h5types(hid_t file, size_t npop, const char **names, const uint16_t *ids,
	const uint64_t *starts, const uint32_t *counts, size_t nprj, const uint16_t *src,
	const uint16_t *dst, char *err) {
	int ok = 0;
	hid_t g = -1, tcpl = -1, lab = -1, rng = -1, comb = -1, mrng = -1, frng = -1, d = -1;
	nh5_range_t *rows = NULL;
	nh5_comb_t *pairs = NULL;

	g = gnh5_group_create(file, "H5Types", err);
	if (g < 0) return -1;
	if ((tcpl = nh5_plist(H5P_DATATYPE_CREATE)) < 0) goto fail;

	// Little-endian hosts only (checked by the caller): the native
	// uint16 base is h5py's '<u2'.
	if ((lab = H5Tenum_create(H5T_NATIVE_UINT16)) < 0) goto fail;
	for (size_t i = 0; i < npop; i++)
		if (H5Tenum_insert(lab, names[i], &ids[i]) < 0) goto fail;
	if (H5Tcommit2(g, nh5_labels, lab, H5P_DEFAULT, tcpl, H5P_DEFAULT) < 0) goto fail;

	if ((rng = H5Tcreate(H5T_COMPOUND, 14)) < 0) goto fail;
	if (H5Tinsert(rng, "Start", 0, H5T_STD_U64LE) < 0 ||
	    H5Tinsert(rng, "Count", 8, H5T_STD_U32LE) < 0 ||
	    H5Tinsert(rng, "Population", 12, lab) < 0) goto fail;
	if (H5Tcommit2(g, nh5_range, rng, H5P_DEFAULT, tcpl, H5P_DEFAULT) < 0) goto fail;

	if ((comb = H5Tcreate(H5T_COMPOUND, 4)) < 0) goto fail;
	if (H5Tinsert(comb, "Source", 0, lab) < 0 ||
	    H5Tinsert(comb, "Destination", 2, lab) < 0) goto fail;
	if (H5Tcommit2(g, nh5_combs, comb, H5P_DEFAULT, tcpl, H5P_DEFAULT) < 0) goto fail;

	// Populations: h5py creates it from the range type's numpy dtype, a
	// transient copy.
	if ((mrng = H5Tcreate(H5T_COMPOUND, sizeof(nh5_range_t))) < 0) goto fail;
	if (H5Tinsert(mrng, "Start", HOFFSET(nh5_range_t, start), H5T_NATIVE_UINT64) < 0 ||
	    H5Tinsert(mrng, "Count", HOFFSET(nh5_range_t, count), H5T_NATIVE_UINT32) < 0 ||
	    H5Tinsert(mrng, "Population", HOFFSET(nh5_range_t, pop), lab) < 0) goto fail;
	if ((frng = H5Tcopy(rng)) < 0) goto fail;
	if ((d = nh5_dataset(g, "Populations", frng, npop)) < 0) goto fail;
	if (npop > 0) {
		if ((rows = calloc(npop, sizeof *rows)) == NULL) goto fail;
		for (size_t i = 0; i < npop; i++) {
			rows[i].start = starts[i];
			rows[i].count = counts[i];
			rows[i].pop = ids[i];
		}
		if (H5Dwrite(d, mrng, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0) goto fail;
	}
	if (H5Dclose(d) < 0) { d = -1; goto fail; }

	// Valid population projections: of the committed type itself.
	if ((d = nh5_dataset(g, "Valid population projections", comb, nprj)) < 0) goto fail;
	if (nprj > 0) {
		if ((pairs = calloc(nprj, sizeof *pairs)) == NULL) goto fail;
		for (size_t i = 0; i < nprj; i++) {
			pairs[i].src = src[i];
			pairs[i].dst = dst[i];
		}
		if (H5Dwrite(d, comb, H5S_ALL, H5S_ALL, H5P_DEFAULT, pairs) < 0) goto fail;
	}
	ok = 1;
fail:
	if (!ok) gh5_errmsg(err);
	free(rows);
	free(pairs);
	if (d >= 0) H5Dclose(d);
	if (frng >= 0) H5Tclose(frng);
	if (mrng >= 0) H5Tclose(mrng);
	if (comb >= 0) H5Tclose(comb);
	if (rng >= 0) H5Tclose(rng);
	if (lab >= 0) H5Tclose(lab);
	if (tcpl >= 0) H5Pclose(tcpl);
	if (H5Gclose(g) < 0 && ok) { gh5_errmsg(err); ok = 0; }
	return ok ? 0 : -1;
}

static hid_t nh5_open_labels(hid_t file, char *err) {
	hid_t t = H5Topen2(file, "H5Types/Population labels", H5P_DEFAULT);
	if (t < 0) { gh5_errmsg(err); return -1; }
	if (H5Tget_class(t) != H5T_ENUM || H5Tget_size(t) != 2) {
		snprintf(err, G_ERRLEN, "/H5Types/Population labels is not an enum of 16-bit integers");
		H5Tclose(t);
		return -1;
	}
	return t;
}

// gnh5_label_count returns the number of members of Population labels.
int gnh5_label_count(hid_t file, char *err) {
	hid_t t = nh5_open_labels(file, err);
	if (t < 0) return -1;
	int n = H5Tget_nmembers(t);
	if (n < 0) gh5_errmsg(err);
	H5Tclose(t);
	return n;
}

// gnh5_read_labels reads the n members of Population labels: names
// (namelen bytes each, NUL-terminated) and values.
int gnh5_read_labels(hid_t file, size_t n, char *names, size_t namelen, uint16_t *ids, char *err) {
	hid_t t = nh5_open_labels(file, err);
	if (t < 0) return -1;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *nm = H5Tget_member_name(t, (unsigned)i);
		if (nm == NULL) { gh5_errmsg(err); rc = -1; break; }
		if (strlen(nm) >= namelen) {
			snprintf(err, G_ERRLEN, "population label %zu is longer than %zu bytes", i, namelen - 1);
			H5free_memory(nm);
			rc = -1;
			break;
		}
		strcpy(names + i * namelen, nm);
		H5free_memory(nm);
		if (H5Tget_member_value(t, (unsigned)i, &ids[i]) < 0) { gh5_errmsg(err); rc = -1; break; }
	}
	H5Tclose(t);
	return rc;
}

// nh5_member_enum returns the native type of member name of the compound
// ftype, which must be a 16-bit enum.
static hid_t nh5_member_enum(hid_t ftype, const char *name, char *err) {
	int i = H5Tget_member_index(ftype, name);
	if (i < 0) {
		snprintf(err, G_ERRLEN, "no member %s", name);
		return -1;
	}
	hid_t m = H5Tget_member_type(ftype, (unsigned)i);
	if (m < 0) { gh5_errmsg(err); return -1; }
	hid_t nm = H5Tget_native_type(m, H5T_DIR_ASCEND);
	H5Tclose(m);
	if (nm < 0) { gh5_errmsg(err); return -1; }
	if (H5Tget_class(nm) != H5T_ENUM || H5Tget_size(nm) != 2) {
		snprintf(err, G_ERRLEN, "member %s is not an enum of 16-bit integers", name);
		H5Tclose(nm);
		return -1;
	}
	return nm;
}

// nh5_read_rows reads the n rows of dataset path into buf through the
// memory type built by mk from the dataset's type.
static int nh5_read_rows(hid_t file, const char *path, size_t n, void *buf,
	hid_t (*mk)(hid_t ftype, char *err), char *err) {
	hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
	if (d < 0) { gh5_errmsg(err); return -1; }
	int rc = -1;
	hid_t ft = -1, mt = -1, sp = -1;
	if ((sp = H5Dget_space(d)) < 0) { gh5_errmsg(err); goto out; }
	hssize_t np = H5Sget_simple_extent_npoints(sp);
	if (np < 0 || (size_t)np != n) {
		snprintf(err, G_ERRLEN, "%s: %lld rows, want %zu", path, (long long)np, n);
		goto out;
	}
	if ((ft = H5Dget_type(d)) < 0) { gh5_errmsg(err); goto out; }
	if (H5Tget_class(ft) != H5T_COMPOUND) {
		snprintf(err, G_ERRLEN, "%s is not a compound dataset", path);
		goto out;
	}
	if ((mt = mk(ft, err)) < 0) goto out;
	if (n > 0 && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) { gh5_errmsg(err); goto out; }
	rc = 0;
out:
	if (mt >= 0) H5Tclose(mt);
	if (ft >= 0) H5Tclose(ft);
	if (sp >= 0) H5Sclose(sp);
	H5Dclose(d);
	return rc;
}

static hid_t nh5_range_mtype(hid_t ft, char *err) {
	hid_t e = nh5_member_enum(ft, "Population", err);
	if (e < 0) return -1;
	if (H5Tget_member_index(ft, "Start") < 0 || H5Tget_member_index(ft, "Count") < 0) {
		snprintf(err, G_ERRLEN, "want members Start, Count and Population");
		H5Tclose(e);
		return -1;
	}
	hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(nh5_range_t));
	if (mt < 0 ||
	    H5Tinsert(mt, "Start", HOFFSET(nh5_range_t, start), H5T_NATIVE_UINT64) < 0 ||
	    H5Tinsert(mt, "Count", HOFFSET(nh5_range_t, count), H5T_NATIVE_UINT32) < 0 ||
	    H5Tinsert(mt, "Population", HOFFSET(nh5_range_t, pop), e) < 0) {
		gh5_errmsg(err);
		if (mt >= 0) H5Tclose(mt);
		mt = -1;
	}
	H5Tclose(e);
	return mt;
}

static hid_t nh5_comb_mtype(hid_t ft, char *err) {
	hid_t s = nh5_member_enum(ft, "Source", err);
	if (s < 0) return -1;
	hid_t d = nh5_member_enum(ft, "Destination", err);
	if (d < 0) { H5Tclose(s); return -1; }
	hid_t mt = H5Tcreate(H5T_COMPOUND, sizeof(nh5_comb_t));
	if (mt < 0 ||
	    H5Tinsert(mt, "Source", HOFFSET(nh5_comb_t, src), s) < 0 ||
	    H5Tinsert(mt, "Destination", HOFFSET(nh5_comb_t, dst), d) < 0) {
		gh5_errmsg(err);
		if (mt >= 0) H5Tclose(mt);
		mt = -1;
	}
	H5Tclose(s);
	H5Tclose(d);
	return mt;
}

// gnh5_rows returns the number of rows of the one-dimensional dataset at
// path. It does not refuse a chunk larger than a fixed dimension, as the
// store's readers do: h5py creates /H5Types/Populations from shape (0,)
// and maxshape (n,) with chunks of 1024 rows, which HDF5 1.10 accepts,
// and every MiV file has it.
long long gnh5_rows(hid_t file, const char *path, char *err) {
	hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
	if (d < 0) { gh5_errmsg(err); return -1; }
	long long n = -1;
	hid_t sp = H5Dget_space(d);
	if (sp < 0) gh5_errmsg(err);
	else if (H5Sget_simple_extent_ndims(sp) != 1) snprintf(err, G_ERRLEN, "%s: want one dimension", path);
	else {
		hssize_t np = H5Sget_simple_extent_npoints(sp);
		if (np < 0) gh5_errmsg(err);
		else if (np > 1 << 20) snprintf(err, G_ERRLEN, "%s: %lld rows: corrupt file", path, (long long)np);
		else n = np;
	}
	if (sp >= 0) H5Sclose(sp);
	H5Dclose(d);
	return n;
}

// gnh5_read_populations reads the n rows of /H5Types/Populations.
int gnh5_read_populations(hid_t file, size_t n, uint64_t *starts, uint32_t *counts, uint16_t *ids, char *err) {
	nh5_range_t *rows = calloc(n + 1, sizeof *rows);
	if (rows == NULL) { snprintf(err, G_ERRLEN, "out of memory"); return -1; }
	int rc = nh5_read_rows(file, "H5Types/Populations", n, rows, nh5_range_mtype, err);
	if (rc == 0)
		for (size_t i = 0; i < n; i++) {
			starts[i] = rows[i].start;
			counts[i] = rows[i].count;
			ids[i] = rows[i].pop;
		}
	free(rows);
	return rc;
}

// gnh5_read_projections reads the n rows of /H5Types/Valid population
// projections.
int gnh5_read_projections(hid_t file, size_t n, uint16_t *src, uint16_t *dst, char *err) {
	nh5_comb_t *rows = calloc(n + 1, sizeof *rows);
	if (rows == NULL) { snprintf(err, G_ERRLEN, "out of memory"); return -1; }
	int rc = nh5_read_rows(file, "H5Types/Valid population projections", n, rows, nh5_comb_mtype, err);
	if (rc == 0)
		for (size_t i = 0; i < n; i++) {
			src[i] = rows[i].src;
			dst[i] = rows[i].dst;
		}
	free(rows);
	return rc;
}

// gnh5_write_ext writes n values of kind as dataset name of loc the way
// NeuroH5 creates its appendable datasets: one dimension, unlimited
// maximum, chunked by chunk elements, allocated early, no filter.
int gnh5_write_ext(hid_t loc, const char *name, int kind, hsize_t n, hsize_t chunk, const void *buf, char *err) {
	hsize_t maxd = H5S_UNLIMITED;
	if (chunk == 0) chunk = 1;
	hid_t sp = H5Screate_simple(1, &n, &maxd);
	if (sp < 0) { gh5_errmsg(err); return -1; }
	hid_t p = nh5_plist(H5P_DATASET_CREATE);
	if (p < 0 || H5Pset_chunk(p, 1, &chunk) < 0 || H5Pset_alloc_time(p, H5D_ALLOC_TIME_EARLY) < 0) {
		gh5_errmsg(err);
		if (p >= 0) H5Pclose(p);
		H5Sclose(sp);
		return -1;
	}
	hid_t d = H5Dcreate2(loc, name, gh5_std(kind), sp, H5P_DEFAULT, p, H5P_DEFAULT);
	H5Pclose(p);
	H5Sclose(sp);
	if (d < 0) { gh5_errmsg(err); return -1; }
	if (n > 0 && H5Dwrite(d, gh5_native(kind), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
		gh5_errmsg(err);
		H5Dclose(d);
		return -1;
	}
	if (H5Dclose(d) < 0) { gh5_errmsg(err); return -1; }
	return 0;
}

// gnh5_link makes link_name in link_loc a hard link to the object at
// obj_name of obj_loc (neuroh5's H5Olink of a shared Cell Index or
// pointer).
int gnh5_link(hid_t obj_loc, const char *obj_name, hid_t link_loc, const char *link_name, char *err) {
	if (H5Lcreate_hard(obj_loc, obj_name, link_loc, link_name, H5P_DEFAULT, H5P_DEFAULT) < 0) {
		gh5_errmsg(err);
		return -1;
	}
	return 0;
}
