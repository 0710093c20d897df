/*
 * care_malloc.h — a CareAllocator over malloc that remembers its blocks.
 *
 * For carec, the unit tests, the fuzz target and the benchmark: the
 * library gives memory back only wholesale (as a backend memory context
 * would), so these callers free everything a compile took in one call,
 * which keeps valgrind and LeakSanitizer quiet.  Not part of the library.
 */
#ifndef CARE_MALLOC_H
#define CARE_MALLOC_H

#include <stdlib.h>

#include "carelang.h"

typedef struct CareMallocBlock
{
	struct CareMallocBlock *prev;
	struct CareMallocBlock *next;
	size_t		size;
	size_t		pad;			/* keeps the payload 16-byte aligned */
} CareMallocBlock;

typedef struct CareMalloc
{
	CareMallocBlock head;		/* circular list of live blocks */
	size_t		live;			/* bytes currently allocated */
	size_t		peak;
	size_t		fail_after;		/* 0: never fail; else fail the Nth allocation */
	size_t		count;
	CareAllocator allocator;
} CareMalloc;

/* alloc: a block linked into the list (NULL when told to fail). */
static inline void *
care_malloc_alloc(void *ctx, size_t size)
{
	CareMalloc *m = ctx;
	CareMallocBlock *b;

	m->count++;
	if (m->fail_after != 0 && m->count >= m->fail_after)
		return NULL;
	b = malloc(sizeof *b + size);
	if (b == NULL)
		return NULL;
	b->size = size;
	b->next = m->head.next;
	b->prev = &m->head;
	m->head.next->prev = b;
	m->head.next = b;
	m->live += size;
	if (m->live > m->peak)
		m->peak = m->live;
	return b + 1;
}

/* release: unlink and free one block. */
static inline void
care_malloc_release(void *ctx, void *ptr)
{
	CareMalloc *m = ctx;
	CareMallocBlock *b;

	if (ptr == NULL)
		return;
	b = (CareMallocBlock *) ptr - 1;
	b->prev->next = b->next;
	b->next->prev = b->prev;
	m->live -= b->size;
	free(b);
}

/* Start an empty allocator. */
static inline void
care_malloc_init(CareMalloc *m)
{
	m->head.next = m->head.prev = &m->head;
	m->live = m->peak = 0;
	m->fail_after = 0;
	m->count = 0;
	m->allocator.alloc = care_malloc_alloc;
	m->allocator.release = care_malloc_release;
	m->allocator.ctx = m;
}

/* Free every block still allocated. */
static inline void
care_malloc_free_all(CareMalloc *m)
{
	while (m->head.next != &m->head)
		care_malloc_release(m, m->head.next + 1);
}

#endif							/* CARE_MALLOC_H */
