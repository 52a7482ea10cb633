"""Build cases.json from the shared corpus. Run by hand, from the repository root, with the
shared folder next to it (the tests never read it):

    .venv/bin/python tests/cases/precision/build_cases.py ../shared > tests/cases/precision/cases.json

Real excerpts are taken verbatim: a text page's paragraphs (dedup.segment) or raw lines, an
HTML page's text as dedup extracts it (dedup.extract). Each case checks that the lines it names
occur once in its excerpt. The kept-apart notes a case expects are computed here by a rule
that does not ask the matcher (see lookalikes), plus two containment pairs given by hand.
"""
import json
import sys
from pathlib import Path

from rapidfuzz import fuzz

from dedup.extract import html_to_text
from dedup.keys import make_key, numbers, weight
from dedup.segment import segment
from dedup.sources import decode

SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else '../shared')
NP = f'{SHARED}/eval/near_pairs/pages/'
C = f'{SHARED}/corpus/'

def html_paras(path):
    text = html_to_text(decode(Path(path).read_bytes(), path))
    return text.split('\n\n')

def text_paras(path):
    return [p.text for p in segment(Path(path).read_text(encoding='utf-8'))]

def raw_lines(path):
    return Path(path).read_text(encoding='utf-8').split('\n')

def pick(paras, *spans):
    out = []
    for a, b in spans:
        out.extend(paras[a:b + 1])
    return out


def lookalikes(lines, keep):
    """Kept lines long enough to be judged alone (weight >= 20) that score as copies of an
    earlier line by the matcher's first test (similarity of keys >= 85, the same numbers):
    each must carry a kept-apart note."""
    out = []
    for line in keep:
        i = lines.index(line)
        if weight(make_key(line)) < 20:
            continue  # (a short line is never judged alone: it goes only with a block)
        near = [e for e in lines[:i] if fuzz.ratio(make_key(line), make_key(e)) >= 85
                and numbers(line) == numbers(e)]
        if near:
            out.append({'line': line, 'near': near})
    return out

cases = []
def case(**kw):
    if kw.get('expect') == 'distinct':
        kw['apart'] = [n for n in kw.get('apart', []) if n.get('by_hand')] + [
            n for n in lookalikes(kw['lines'], kw['keep'])]
        for n in kw['apart']:
            n.pop('by_hand', None)
    for field in ('keep', 'drop'):
        for line in kw.get(field, []):
            assert kw['lines'].count(line) == 1, (kw['id'], line)
    for note in kw.get('apart', []):
        assert kw['lines'].count(note['line']) == 1, (kw['id'], note)
        for near in note['near']:
            assert kw['lines'].count(near) == 1, (kw['id'], near)
    cases.append(kw)

# -- list items one word apart ---------------------------------------------------------------
p = html_paras(NP + 'buero-hoppe.de.baumgutachten.html')
i = p.index('- Eiche Baumbeschreibung')
lines = pick(p, (i - 3, i + 5))
trees = [f'- {t} Baumbeschreibung' for t in ('Eiche', 'Birke', 'Buche', 'Linde')]
case(id='list-trees', bullet='list items one word apart', expect='distinct',
     source='shared/eval/near_pairs/pages/buero-hoppe.de.baumgutachten.html',
     where=f'extracted text, paragraphs {i - 3}-{i + 5}', lines=lines, keep=trees)

p = html_paras(NP + 'peta.de-veterinärämter.html')
top, flop = p.index('Die Top 5 der deutschen Veterinärämter'), p.index('Die Flop 5 der deutschen Veterinärämter')
lines = pick(p, (top - 1, top + 2), (flop - 2, flop + 2))
case(id='list-top-flop', bullet='list items one word apart', expect='distinct',
     source='shared/eval/near_pairs/pages/peta.de-veterinärämter.html',
     where=f'extracted text, paragraphs {top - 1}-{top + 2} and {flop - 2}-{flop + 2}', lines=lines,
     keep=[p[top], p[flop]])

p = html_paras(C + 'html/zyte_aeb/5f03fc173ebc6abdfae50b96ce0b05a6137b7d3f2ef379be35a9bb8ca9f49e87.html')
a = p.index('Meal Prep Menu for Eating Plan A')
post_meal = p.index('Post-Workout Meal')
heads = [p.index(f'Meal Prep Menu for Eating Plan {c}') for c in 'BCDEF']
spans = [(a - 1, post_meal)] + [(h - 1, h) for h in heads]
lines = pick(p, *spans)
plans = [f'Meal Prep Menu for Eating Plan {c}' for c in 'ABCDEF']
case(id='list-meal-plans', bullet='list items one word apart', expect='distinct',
     source='shared/corpus/html/zyte_aeb/5f03fc17….html (article body: ground-truth.json)',
     where='extracted text, paragraphs ' + ', '.join(f'{x}-{y}' for x, y in spans), lines=lines,
     keep=plans + ['Pre-Workout Supplement', 'Workout Supplement', 'Post-Workout Supplement',
                   'Pre-Workout Meal', 'Post-Workout Meal'])

# (Found on pages outside the labelled set, in a review of every removal on them.)
full = p.index('Portion Fix Containers: 1 Green, 1 Purple, 1 Red, 1 Yellow, 1 tsp.')
fewer = p.index('Portion Fix Containers: 1 Purple, 1 Yellow, 1 tsp.')
spans = [(full - 2, full + 1), (fewer - 2, fewer + 1)]
lines = pick(p, *spans)
case(id='list-fewer-containers', bullet='list items one word apart', expect='distinct',
     source='shared/corpus/html/zyte_aeb/5f03fc17….html (article body: ground-truth.json)',
     where='extracted text, paragraphs ' + ', '.join(f'{x}-{y}' for x, y in spans), lines=lines,
     keep=[p[full], p[fewer]],
     note='a later plan lists fewer containers (no Green, no Red): another selection, not a copy')
salad = p.index('Tomato Cucumber Salad (½ cup cherry tomatoes, ½ cup cucumber slices, ¼ cup feta, '
                '1 Tbsp. balsamic vinegar)')
grapes = p.index(p[salad] + ', 1 cup grapes')
spans = [(salad - 1, salad + 1), (grapes - 1, grapes + 1)]
lines = pick(p, *spans)
case(id='complete-copy-meal-grapes', bullet='the complete-copy rule misfires', expect='distinct',
     source='shared/corpus/html/zyte_aeb/5f03fc17….html (article body: ground-truth.json)',
     where='extracted text, paragraphs ' + ', '.join(f'{x}-{y}' for x, y in spans), lines=lines,
     keep=[p[salad], p[grapes]],
     note='Plan A\'s dish, whole (it ends with its closing bracket), must not be replaced by '
          'Plan B\'s, which adds grapes: the output would then give Plan A grapes')
raw = raw_lines(C + 'scraped_zh_sina/sina_tech_0340.txt')
nums = [19, 20, 21, 22, 29, 30, 31, 32, 36, 37, 38]
lines = [raw[n - 1] for n in nums]
case(id='adds-special-prize', bullet='a longer line that adds a fact', expect='distinct',
     source='shared/corpus/scraped_zh_sina/sina_tech_0340.txt',
     where='lines ' + ', '.join(map(str, nums)) + ' (verbatim, with their indents)', lines=lines,
     keep=[raw[19], raw[29], raw[36]],
     note='the Special Breakthrough Prize and the Breakthrough Prize are two prizes')

p = text_paras(C + 'en_bbc/bbc_entertainment_368.txt')
first = next(k for k, x in enumerate(p) if x.startswith('- Tim Dams'))
lines = p[first:]
assert len(lines) == 16
case(id='list-bbc-critics', bullet='list items one word apart', expect='distinct',
     source='shared/corpus/en_bbc/bbc_entertainment_368.txt',
     where=f'paragraphs {first}-{len(p) - 1} (both lists of picks, whole)', lines=lines, keep=lines)

p = text_paras(C + 'zh_cctv/xwlb_20250616_243.txt')
lines = p[:7]
case(id='list-zh-xiangyou-xiangxin', bullet='list items one word apart', expect='distinct',
     source='shared/corpus/zh_cctv/xwlb_20250616_243.txt', where='paragraphs 0-6', lines=lines,
     keep=[lines[0], lines[2], lines[5]])

# -- a longer line that adds a fact -----------------------------------------------------------
p = text_paras(C + 'zh_cctv/xwlb_20250331_224.txt')
lines = p[:3]
case(id='adds-cctv-lead-date', bullet='a longer line that adds a fact', expect='distinct',
     source='shared/corpus/zh_cctv/xwlb_20250331_224.txt', where='paragraphs 0-2', lines=lines,
     keep=lines[:2], apart=[{'line': lines[1], 'near': [lines[0]], 'by_hand': True}])

p = text_paras(C + 'en_bbc/bbc_sport_068.txt')
h = p.index('K Holmes (Ealing, Southall and Middlesex AC).')
lines = p[h - 2:h + 3]
case(id='adds-bbc-holmes-800m', bullet='a longer line that adds a fact', expect='distinct',
     source='shared/corpus/en_bbc/bbc_sport_068.txt', where=f'paragraphs {h - 2}-{h + 2}', lines=lines,
     keep=[p[h], p[h + 1]], apart=[{'line': p[h + 1], 'near': [p[h]], 'by_hand': True}])

# -- unique sentences of a transcript --------------------------------------------------------
raw = raw_lines(C + 'scraped_zh_sina/sina_tech_0430.txt')
def sina(n):
    return raw[n - 1]
for cid, summary, turn, why in [
        ('transcript-li-dongsheng', 8, 54, ('the transcript\'s own turn, whose quote the editor\'s summary repeats inside a sentence of '
         'its own (李东生回答称：“…”); issue 11 counts it among the turns wrongly removed (contained 95.9)')),
        ('transcript-ma-huateng', 13, 92, 'the turn adds 熊熊的烈火… and 要有自信, said nowhere else'),
        ('transcript-wang-junjin', 16, 134, 'the turn adds the question 你觉得对于中国经济未来最大的优势是什么？, said nowhere else')]:
    nums = sorted({summary - 1, summary, summary + 1, turn - 1, turn, turn + 1})
    lines = [sina(n) for n in nums]
    by_hand = [{'line': sina(turn), 'near': [sina(summary)], 'by_hand': True}] \
        if cid == 'transcript-li-dongsheng' else []  # (contained in it, 95.9: see the issue)
    case(id=cid, bullet='unique sentences disappear with a paraphrase', expect='distinct',
         source='shared/corpus/scraped_zh_sina/sina_tech_0430.txt',
         where='lines ' + ', '.join(map(str, nums)) + ' (verbatim, with their indents)', lines=lines,
         keep=[sina(summary), sina(turn)], note=why, apart=by_hand)

# -- true copies that must still go ----------------------------------------------------------
p = html_paras(NP + 'nationalrail.co.uk.disruptions.html')
lines = pick(p, (46, 48), (102, 104))
case(id='same-typo-bicycles', bullet='same', expect='same',
     source='shared/eval/near_pairs/pages/nationalrail.co.uk.disruptions.html',
     where='extracted text, paragraphs 46-48 and 102-104', lines=lines, keep=[p[47]], drop=[p[103]],
     note='"the bike" / "bike", "peoples\'" / "peoples": a typo-level repeat (labelled same, 99.0)')
lines = pick(p, (75, 77), (249, 251))
case(id='same-punctuation-luggage', bullet='same', expect='same',
     source='shared/eval/near_pairs/pages/nationalrail.co.uk.disruptions.html',
     where='extracted text, paragraphs 75-77 and 249-251', lines=lines, keep=[p[76]], drop=[p[250]],
     note='a comma moved, "as" / "if", "Luggage to be" / "Luggage is to be" (labelled same, 98.8)')

p = html_paras(NP + 'mywakenews.wordpress.com.psyop.html')
lines = pick(p, (0, 2), (4, 5))
case(id='same-inflection-caption', bullet='same', expect='same',
     source='shared/eval/near_pairs/pages/mywakenews.wordpress.com.psyop.html',
     where='extracted text, paragraphs 0-2 and 4-5', lines=lines, keep=[p[0]], drop=[p[4]],
     note='Internetbildern / Internetbild: an inflection (labelled same, 96.0)')

raw = raw_lines(C + 'scraped_zh_sina/sina_tech_0104.txt')
lines = raw[49:54]
case(id='same-truncated-earlier-copy', bullet='same', expect='same',
     source='shared/corpus/scraped_zh_sina/sina_tech_0104.txt', where='lines 50-54 (verbatim)',
     lines=lines, keep=[raw[52]], drop=[raw[50]],
     note='the earlier copy is the complete one cut after its first sentences (labelled same, truncated)')

raw = raw_lines(C + 'scraped_zh_sina/sina_tech_0106.txt')
body = [x for x in raw[4:28] if x.strip()]
lines = [raw[0].strip(), body[0], body[1], body[-1], raw[28]]
case(id='same-original-title-note', bullet='same', expect='same',
     source='shared/corpus/scraped_zh_sina/sina_tech_0106.txt',
     where='line 1 (title, its leading spaces trimmed), the first two and the last body lines, line 29',
     lines=lines, keep=[lines[0]], drop=[raw[28]], note='（原标题：…） restates the title (labelled same)')


raw = raw_lines(C + 'scraped_zh_sina/sina_tech_0262.txt')
lines = raw[14:17] + raw[22:26]
case(id='same-width-summary-bullet', bullet='same', expect='same',
     source='shared/corpus/scraped_zh_sina/sina_tech_0262.txt', where='lines 15-17 and 23-26 (verbatim)',
     lines=lines, keep=[raw[15]], drop=[raw[23]],
     note='the summary bullet and the body line: ％ / %, a list dash, and 其中： (labelled same, 94.1)')

# -- synthetic: pages not in shared/ ---------------------------------------------------------
SYN = 'synthetic (the page is not in shared/); the look-alike lines are those quoted in issue 11'
def syn(cid, bullet, lines, keep, note='', drop=(), expect='distinct'):
    kw = dict(id=cid, bullet=bullet, expect=expect, source=SYN, where='', lines=lines, keep=keep,
              note=note)
    if drop:
        kw['drop'] = list(drop)
    case(**kw)

syn('list-month-2016', 'list items one word apart', [
    'Stimmen unserer Mandanten',
    '„Vielen Dank für die schnelle und kompetente Beratung, wir fühlten uns jederzeit gut aufgehoben.“',
    'E-Mail einer Mandantin, Juli 2016',
    '„Die Vertretung vor Gericht war hervorragend vorbereitet, das Ergebnis hat uns überzeugt.“',
    'E-Mail einer Mandantin, August 2016',
    '„Klare Worte, faire Kosten und immer erreichbar: so wünscht man sich einen Anwalt.“',
    'E-Mail eines Mandanten, Oktober 2016'],
    keep=['E-Mail einer Mandantin, Juli 2016', 'E-Mail einer Mandantin, August 2016',
          'E-Mail eines Mandanten, Oktober 2016'])

syn('list-vorteile-nachteile', 'list items one word apart', [
    'Autofinanzierung über die Hausbank',
    'Vorteile bei der Finanzierung über die Hausbank',
    'Der Kredit ist unabhängig vom Autohändler, Sie verhandeln als Barzahler.',
    'Nachteile bei der Finanzierung über die Hausbank',
    'Die Zinsen liegen oft über den Aktionszinsen der Herstellerbanken.'],
    keep=['Vorteile bei der Finanzierung über die Hausbank', 'Nachteile bei der Finanzierung über die Hausbank'])

syn('list-android-permissions', 'list items one word apart', [
    'Die App verlangt die folgenden Berechtigungen:',
    'android.permission.READ_CONTACTS',
    'android.permission.WRITE_CONTACTS',
    'android.permission.READ_CALENDAR',
    'android.permission.WRITE_CALENDAR'],
    keep=['android.permission.READ_CONTACTS', 'android.permission.WRITE_CONTACTS',
          'android.permission.READ_CALENDAR', 'android.permission.WRITE_CALENDAR'])

rows = ['Pass Coverage Reaction Time', 'Quarterback Accuracy', 'Run Blocking Strength', 'Wide Receiver Catching']
user = [f'User {r}: 45' for r in rows]
cpu = [f'CPU {r}: 45' for r in rows]
syn('list-cpu-user-rows', 'list items one word apart', ['User sliders'] + user + ['CPU sliders'] + cpu,
    keep=user + cpu)

syn('list-trois-cinq', 'list items one word apart', [
    'Le règlement des manches',
    'Il y aura au moins trois minutes de pause entre les deux manches.',
    'Entre la deuxième et la troisième manche :',
    'Il y aura au moins cinq minutes de pause entre les deux manches.'],
    keep=['Il y aura au moins trois minutes de pause entre les deux manches.',
          'Il y aura au moins cinq minutes de pause entre les deux manches.'])

for cid, a, b in [
        ('numerals-zh-yi-jiu', '截至昨日，武汉大学中南医院一名医生确诊感染，目前正在隔离治疗。',
         '截至昨日，武汉大学中南医院九名医生确诊感染，目前正在隔离治疗。'),
        ('numerals-zh-di-san-wu', '这是该市今年建成的第三个国家级现代农业产业园。',
         '这是该市今年建成的第五个国家级现代农业产业园。'),
        ('numerals-zh-liu-ba', '全省六个地市已经完成高标准农田建设验收工作。',
         '全省八个地市已经完成高标准农田建设验收工作。'),
        ('numerals-zh-months', '项目建成后，大桥主体工程施工工期缩短九个月。',
         '项目建成后，大桥主体工程施工工期缩短三个月。')]:
    syn(cid, 'Chinese numerals', ['新闻摘要', a, '记者 李明', b], keep=[a, b])

syn('adds-staffel', 'a longer line that adds a fact', [
    'Hörspiele',
    'Sprecherin im Hörspiel Die Schatzinsel für audible',
    'Sprecherin im Hörspiel Die Schatzinsel für audible, Staffel 2+3',
    'Theater'],
    keep=['Sprecherin im Hörspiel Die Schatzinsel für audible',
          'Sprecherin im Hörspiel Die Schatzinsel für audible, Staffel 2+3'])

syn('adds-conda-command', 'a longer line that adds a fact', [
    'Create an empty environment:',
    '$ conda create --name $ENV_NAME',
    'or one with the packages of the project:',
    '$ conda create --name $ENV_NAME --file requirements.txt'],
    keep=['$ conda create --name $ENV_NAME', '$ conda create --name $ENV_NAME --file requirements.txt'])

header = '【 在 sunshine2008 的大作中提到：】'
syn('complete-copy-forum-quote', 'the complete-copy rule misfires', [
    '发信人: bluesky (蓝天), 信区: Stock', header, '：苹果去年一年的净利润是121亿美元', '不对吧，应该是',
    '131亿美元' + header, '：苹果去年一年的净利润是121亿美元'],
    keep=[header, '131亿美元' + header],
    note='the fused line must not move into the first quote header\'s place', )

title = '苹果发布新款iPad Pro 搭载M2芯片 续航提升两小时'
syn('complete-copy-zhuaxia-footer', 'the complete-copy rule misfires', [
    title, '苹果公司今天在官网发布了新款iPad Pro，搭载M2芯片，起售价不变。',
    '转载请注明出处抓虾网 » ' + title], keep=[title],
    note='the headline stays the headline; the footer that quotes it does not take its place')

cut_title = '交通事故对方全责，我方车辆损失和误工费应该怎么赔..._华律网'
full_title = '交通事故对方全责，我方车辆损失和误工费应该怎么赔偿？'
syn('complete-copy-cut-title', 'the complete-copy rule misfires', [
    cut_title, full_title, '在交通事故中，对方负全部责任的，由对方承担全部赔偿责任。'],
    keep=[full_title], drop=[cut_title], expect='same',
    note='one title twice, cut (with an ellipsis and the site name) and complete: the complete '
         'one is the copy to keep, in the cut one\'s place')

syn('complete-copy-breadcrumb', 'the complete-copy rule misfires', [
    '首页 > 科技 > 数码 > ' + title, title, '苹果公司今天在官网发布了新款iPad Pro，搭载M2芯片，起售价不变。'],
    keep=[title], note='the clean title, not the breadcrumb, is the copy to keep')

syn('list-number-answer-key', 'list numbers are numbers', [
    '2. Why did the children stay inside?', 'a. they were tired of playing outside',
    "b. they didn't want to get hurt in the storm", 'c. their mother told them to stay',
    'Answer key', '1. c. their mother told them to stay', "2. b. they didn't want to get hurt in the storm"],
    keep=["b. they didn't want to get hurt in the storm", "2. b. they didn't want to get hurt in the storm"])

syn('list-number-statute', 'list numbers are numbers', [
    '要点解读：',
    '盗窃未遂，情节严重，如以数额巨大的财物或者国家珍贵文物等为盗窃目标的，应当依法定罪处罚。',
    '第十二条 盗窃未遂，具有下列情形之一的，应当依法追究刑事责任：',
    '（一）以数额巨大的财物为盗窃目标的；',
    '（二）盗窃未遂，情节严重，如以数额巨大的财物或者国家珍贵文物等为盗窃目标的；'],
    keep=['盗窃未遂，情节严重，如以数额巨大的财物或者国家珍贵文物等为盗窃目标的，应当依法定罪处罚。',
          '（二）盗窃未遂，情节严重，如以数额巨大的财物或者国家珍贵文物等为盗窃目标的；'])

p = html_paras(NP + 'statisticsglobe.com.ggplot2.html')
i = next(n for n, t in enumerate(p) if 'theme(axis.text = ' in t)
lines = pick(p, (i - 2, i + 6))
case(id='adds-code-identifier', bullet='the complete-copy rule misfires', expect='distinct',
     source='shared/eval/near_pairs/pages/statisticsglobe.com.ggplot2.html',
     where=f'extracted text, paragraphs {i - 2}-{i + 6}', lines=lines,
     keep=[t for t in lines if 'theme(axis.text' in t],
     note='axis.text (both axes) / axis.text.x / axis.text.y: three settings; the first is '
          'not a cut copy of the second')

json.dump(cases, sys.stdout, ensure_ascii=False, indent=1)
print()
