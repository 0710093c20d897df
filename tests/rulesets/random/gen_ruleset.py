# gen_ruleset.py — a random, well-typed CaRE ruleset for differential testing.
#
# Usage: python3 gen_ruleset.py SEED > r.care
# The rulesets follow the language's typing rules on purpose (a few will
# still be refused: labels with no enum context, a bare link name inside a
# where).  check_sql.sh compiles them and has PostgreSQL prepare and run the
# SQL: it found aggregate-level and LATERAL bugs no unit test had.
import random, sys
R = random.Random(int(sys.argv[1]))
SRC = {
 'establishment': {'f': {'id':'int','finess':'text','name':'text','kind':'establishment_kind','region':'text'}, 'null': set(), 'one': {'parent':'establishment'}, 'many': {}},
 'candidacy': {'f': {'id':'int','campaign':'text','status':'candidacy_status','submitted_on':'date','validated_on':'date','paid_on':'date','requested_amount':'num','granted_amount':'num','rejection_reason':'text'}, 'null': {'validated_on','paid_on','requested_amount','granted_amount','rejection_reason'}, 'one': {'establishment':'establishment'}, 'many': {}},
 'ad_domain': {'f': {'id':'int','fqdn':'text'}, 'null': set(), 'one': {}, 'many': {'audits':'audit'}},
 'audit': {'f': {'id':'int','kind':'audit_kind','performed_on':'date','source':'text','provider':'text','ad_level':'int'}, 'null': {'provider','ad_level'}, 'one': {'ad_domain':'ad_domain'}, 'many': {'findings':'finding'}},
 'finding': {'f': {'id':'int','severity':'severity','cvss_score':'num','cve':'text','checkpoint_level':'int','title':'text','status':'finding_status','detected_on':'date','resolved_on':'date'}, 'null': {'cvss_score','cve','checkpoint_level','detected_on','resolved_on'}, 'one': {'audit':'audit'}, 'many': {}},
}
ENUMS = {'severity':['none','low','medium','high','critical'], 'candidacy_status':['submitted','validated','declared','verified','instructed','paid','rejected'],
         'audit_kind':['exposure','ad'], 'finding_status':['open','fixed','false_positive','accepted_risk'], 'establishment_kind':['ght','public','private_nonprofit','private_forprofit']}
ORDERED = {'severity','candidacy_status'}
SCAL = ['bool','int','num','text','date','interval'] + list(ENUMS)
ORDERABLE = ['int','num','date','interval','text','severity','candidacy_status']
params = []   # (name, type)
defs = []     # (name, [(pname, ptype)], rettype)
cnt = [0]
def fresh():
    cnt[0] += 1; return 'v%d' % cnt[0]
def pick(l): return R.choice(l)
def lit(t):
    if t == 'bool': return pick(['true','false'])
    if t == 'int': return str(R.randint(0, 9))
    if t == 'num': return pick(['1.5','0.0','9.0'])
    if t == 'text': return pick(["'a'","'it''s'","''"])
    if t == 'date': return pick(["date '2025-01-31'","'2024-02-29'"])
    if t == 'interval': return pick(["'45 days'","'1 month'","'2 weeks 1 day'"])
    return pick(ENUMS[t]) if R.random() < 0.5 else "%s '%s'" % (t, pick(ENUMS[t]))
def rows_in(scope, src):
    return [v for v,(k,s) in scope.items() if k=='row' and s==src]
def fields_of(src, t):
    return [f for f,ft in SRC[src]['f'].items() if ft == t]
def gen_row(src, scope, d):
    opts = []
    if rows_in(scope, src): opts += ['var']*3
    if src == 'establishment': opts.append('root')
    if d > 0:
        opts.append('latest')
        for s2,info in SRC.items():
            for l,tgt in info['one'].items():
                if tgt == src: opts.append(('nav', s2, l))
    if not opts: return None
    o = pick(opts)
    if o == 'var': return pick(rows_in(scope, src))
    if o == 'root': return 'establishment'
    if o == 'latest':
        f = pick([f for f,ft in SRC[src]['f'].items() if ft in ORDERABLE and ft not in ('text',)] or ['id'])
        s = gen_set(src, scope, d-1)
        return '(latest %s by %s)' % (s, f)
    _, s2, l = o
    r = gen_row(s2, scope, d-1)
    if r is None: return None
    return '%s.%s' % (r, l)
def gen_set(src, scope, d):
    opts = ['src'] if src != 'establishment' else []
    if d > 0:
        for s2,info in SRC.items():
            for l,tgt in info['many'].items():
                if tgt == src: opts.append(('nav', s2, l))
        if opts: opts += ['where', 'latestn']
    if not opts: return src
    o = pick(opts)
    if o == 'src': return src
    if o == 'where':
        base = gen_set(src, scope, d-1)
        sc2 = dict(scope); sc2[''] = ('row', src)
        return '(%s where %s)' % (base, gen(('bool'), sc2, d-1))
    if o == 'latestn':
        f = pick([f for f,ft in SRC[src]['f'].items() if ft in ('date','int','num')])
        return '(latest %d %s by %s)' % (R.randint(1,3), gen_set(src, scope, d-1), f)
    _, s2, l = o
    r = gen_row(s2, scope, d-1)
    if r is None: return src
    return '%s.%s' % (r, l)
def field_expr(t, scope, d):
    cands = []
    for v,(k,s) in scope.items():
        if k == 'row':
            for f in fields_of(s, t): cands.append((v, f))
    if not cands: return None
    v, f = pick(cands)
    return f if v == '' else '%s.%s' % (v, f)
def gen(t, scope, d):
    if d <= 0 or R.random() < 0.15:
        opts = [lit(t)]
        for p,pt in params:
            if pt == t: opts.append(p)
        if t == 'date': opts.append('as_of')
        fe = field_expr(t, scope, 0)
        if fe: opts += [fe]*2
        for v,(k,vt) in scope.items():
            if k == 'scal' and vt == t: opts.append(v)
        return pick(opts)
    if t == 'bool':
        c = R.randint(0, 12)
        if c == 0: return '(%s and %s)' % (gen('bool',scope,d-1), gen('bool',scope,d-1))
        if c == 1: return '(%s or %s)' % (gen('bool',scope,d-1), gen('bool',scope,d-1))
        if c == 2: return '(not %s)' % gen('bool',scope,d-1)
        if c == 3:
            ct = pick(ORDERABLE + ['bool','audit_kind'])
            op = pick(['=','<>']) if ct in ('bool','audit_kind') else pick(['=','<>','<','<=','>','>='])
            return '(%s %s %s)' % (gen(ct,scope,d-1), op, gen(ct,scope,d-1))
        if c == 4:
            src = pick(list(SRC)); return '(exists %s)' % gen_set(src, scope, d-1) if src != 'establishment' else 'true'
        if c in (5, 6):
            src = pick(['audit','finding','ad_domain','candidacy']); v = fresh()
            s = gen_set(src, scope, d-1)
            sc2 = dict(scope); sc2[v] = ('row', src)
            return '(%s %s in %s: %s)' % (pick(['every','any','none']), v, s, gen('bool', sc2, d-1))
        if c == 7:
            ct = pick(['int','date','num','text','severity']); return '(%s is %snull)' % (gen(ct,scope,d-1), pick(['','not ']))
        if c == 8:
            ct = pick(['int','date','num']); return '(%s between %s and %s)' % (gen(ct,scope,d-1), gen(ct,scope,d-1), gen(ct,scope,d-1))
        if c == 9:
            ct = pick(['severity','finding_status','int','text']); return '(%s %sin (%s, %s))' % (gen(ct,scope,d-1), pick(['','not ']), gen(ct,scope,d-1), gen(ct,scope,d-1))
        if c == 10:
            ds = [x for x in defs if x[2] == 'bool']
            if ds:
                n, ps, _ = pick(ds); args = []
                for pn, pt in ps:
                    if pt in SRC:
                        r = gen_row(pt, scope, d-1)
                        if r is None: return 'true'
                        args.append(r)
                    else: args.append(gen('int' if pt == 'integer' else pt, scope, d-1))
                return '%s(%s)' % (n, ', '.join(args))
        if c == 11:
            src = pick(['audit','finding','candidacy']); r = gen_row(src, scope, d-1)
            return '(exists %s)' % r if r else 'false'
        return '(if %s then %s else %s)' % (gen('bool',scope,d-1), gen('bool',scope,d-1), gen('bool',scope,d-1))
    if t in ('int','num'):
        c = R.randint(0, 7)
        if c == 0: return '(%s %s %s)' % (gen('int',scope,d-1), pick(['+','-','*']), gen(t,scope,d-1))
        if c == 1 and t == 'num': return '(%s / %s)' % (gen('int',scope,d-1), gen(pick(['int','num']),scope,d-1))
        if c == 2 and t == 'int':
            src = pick(['audit','finding','ad_domain','candidacy']); return 'count(%s)' % gen_set(src, scope, d-1)
        if c == 3:
            src = pick(['audit','finding']); v = fresh(); s = gen_set(src, scope, d-1)
            sc2 = dict(scope); sc2[v] = ('row', src)
            f = pick(fields_of(src, 'int') or ['id'])
            agg = pick(['count','sum','min','max'] + (['avg'] if t == 'num' else []))
            if agg == 'avg': return 'avg(%s.%s for %s in %s)' % (v, f, v, s)
            return '%s(%s.%s for %s in %s where %s)' % (agg, v, f, v, s, gen('bool', sc2, d-1)) if t == 'int' else gen('num', scope, 0)
        if c == 4: return 'coalesce(%s, %s)' % (gen(t,scope,d-1), lit(t))
        if c == 5: return '(if %s then %s else %s)' % (gen('bool',scope,d-1), gen(t,scope,d-1), gen(t,scope,d-1))
        if c == 6:
            src = pick(['audit','finding','candidacy']); r = gen_row(src, scope, d-1)
            fs = fields_of(src, t)
            if r and fs: return '%s.%s' % (r, pick(fs))
        return '(- %s)' % gen(t, scope, d-1)
    if t == 'date':
        c = R.randint(0, 4)
        if c == 0: return '(%s %s %s)' % (gen('date',scope,d-1), pick(['+','-']), gen('interval',scope,d-1))
        if c == 1:
            src = pick(['audit','candidacy']); v = fresh(); s = gen_set(src, scope, d-1)
            f = pick(fields_of(src, 'date')); return '%s(%s.%s for %s in %s)' % (pick(['min','max']), v, f, v, s)
        if c == 2:
            r = gen_row('audit', scope, d-1)
            if r: return '%s.performed_on' % r
        return 'coalesce(%s, %s)' % (gen('date',scope,d-1), 'as_of')
    if t == 'interval':
        c = R.randint(0, 2)
        if c == 0: return '(%s - %s)' % (gen('date',scope,d-1), gen('date',scope,d-1))
        if c == 1: return '(%s + %s)' % (gen('interval',scope,d-1), gen('interval',scope,d-1))
        return '(%s * %s)' % (gen('interval',scope,d-1), gen('int',scope,d-1))
    if t in ENUMS:
        c = R.randint(0, 2)
        if c == 0 and t in ORDERED:
            src = {'severity':'finding','candidacy_status':'candidacy'}[t]; v = fresh()
            f = fields_of(src, t)[0]
            return '%s(%s.%s for %s in %s)' % (pick(['min','max']), v, f, v, gen_set(src, scope, d-1))
        if c == 1: return 'coalesce(%s, %s)' % (gen(t,scope,d-1), lit(t))
        return gen(t, scope, 0)
    return gen(t, scope, 0)
out = ['ruleset r%s version 1' % sys.argv[1]]
for i in range(R.randint(0, 3)):
    pt = pick(['int','num','date','interval','severity','bool','text'])
    params.append(('p%d' % i, pt)); out.append('param p%d %s = %s' % (i, {'int':'integer','num':'numeric','bool':'boolean'}.get(pt, pt), lit(pt) if pt not in ENUMS else pick(ENUMS[pt])))
for i in range(R.randint(0, 3)):
    src = pick(['audit','finding','candidacy']); ps = [('a%d' % i, src)]
    if R.random() < 0.5: ps.append(('n%d' % i, 'integer'))
    scope = {pn: (('row', pt) if pt in SRC else ('scal', 'int' if pt == 'integer' else pt)) for pn, pt in ps}
    body = gen('bool', scope, 3)
    out.append('def d%d(%s) = %s' % (i, ', '.join('%s %s' % x for x in ps), body))
    defs.append(('d%d' % i, ps, 'bool'))
objs = []
for o in range(R.randint(1, 3)):
    out.append('objective o%d {' % o); objs.append('o%d' % o)
    scope = {}
    if R.random() < 0.5:
        lt = pick(['int','date','bool']); out.append('  let l%d = %s' % (o, gen(lt, {}, 2))); scope['l%d' % o] = ('scal', lt)
    for q in range(R.randint(1, 3)):
        msg = pick(['', ' else "v {as_of}"', ' else "n {count(audit)} x"'])
        out.append('  require %s%s' % (gen('bool', scope, 4), msg))
    out.append('}')
out.append('eligible when ' + ' and '.join(objs))
print('\n'.join(out))
