"""Write the HTML page corpus: our own articles (articles.py) in the page shapes of common CMSs, with the
furniture those pages carry (share bars, captions, galleries, video players, newsletter boxes, related-story
teasers, comments) and metadata traps (a login word, a date, a bare handle or a site name where an author
might be; a site tagline or section name where a title might be). expected.jsonl says, for each page, the
title, author and body paragraphs a listener should hear, or that the page is an index page.

usage: python tests/corpus/pages/make_pages.py   (rewrites the .html files and expected.jsonl beside it)
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from articles import ARTICLES  # noqa: E402

E = html.escape


def paras(a, tag="p", cls=""):
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f"<{tag}{attr}>{E(p)}</{tag}>" for p in a["paragraphs"])


def split_paras(a, middle):
    """The body with something (a figure, a player, an ad) after the second paragraph."""
    ps = [f"<p>{E(p)}</p>" for p in a["paragraphs"]]
    return "\n".join([*ps[:2], middle, *ps[2:]])


def nav(a):
    items = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>'
        for s in ["News", "Sport", "Business", "Culture", "Opinion", "Weather"]
    )
    return (
        f'<header><a class="logo" href="/">{E(a["site"])}</a><nav><ul>{items}</ul></nav>'
        f'<div class="account"><a href="/login">Sign in</a> <a href="/subscribe">Subscribe</a></div></header>'
    )


def footer(a):
    return (
        f'<footer><p>&copy; 2024 {E(a["site"])}. All rights reserved.</p><a href="/privacy">Privacy</a> '
        '<a href="/terms">Terms of use</a> <a href="/contact">Contact us</a></footer>'
    )


def related(a, heading="Related stories"):
    teasers = [
        "Council names new harbour master",
        "Storm damage closes the pier for a month",
        "Why the coast road keeps flooding",
        "Five walks for a winter weekend",
    ]
    items = "".join(f'<li><a href="/story/{i}"><h3>{t}</h3></a></li>' for i, t in enumerate(teasers))
    return f'<aside class="related"><h2>{heading}</h2><ul>{items}</ul></aside>'


def jsonld(a, kind="NewsArticle", author=True, headline=None):
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": headline or a["title"],
        "datePublished": a["date"] + "T08:00:00Z",
        "publisher": {"@type": "Organization", "name": a["site"]},
    }
    if author:
        data["author"] = [{"@type": "Person", "name": a["author"]}] if author is True else author
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def head(a, title=None, extra=""):
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{E(title or a["title"])}</title>'
        f"{extra}</head>"
    )


def wordpress(a):
    fig = (
        f'<figure class="wp-block-image"><img src="/img/1.jpg" alt=""><figcaption>The harbour at dawn '
        f"(Photo: {E(a['author'])})</figcaption></figure>"
    )
    body = f'''<body class="single-post">{nav(a)}<main><article class="post type-post">
<header class="entry-header"><h1 class="entry-title">{E(a["title"])}</h1>
<div class="entry-meta"><span class="posted-on"><time datetime="{a["date"]}">{a["date"]}</time></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/x">{E(a["author"])}</a></span></span></div>
</header><div class="entry-content">{split_paras(a, fig)}</div>
<footer class="entry-footer"><div class="sharedaddy"><h3>Share this:</h3><ul><li>Twitter</li><li>Facebook</li>
<li>Email</li></ul></div><span class="cat-links">Posted in {E(a["section"])}</span></footer></article>
{related(a, "Related")}<div id="comments"><h3>Leave a Reply</h3><form><label>Comment</label><textarea></textarea>
<label>Name</label><input></form></div></main>{footer(a)}</body></html>'''
    return head(a, f"{a['title']} \u2013 {a['site']}", f'<meta name="author" content="{E(a["author"])}">') + body


def arc(a):
    gallery = (
        '<div class="gallery"><div class="counter">Image 1 of 8</div><img src="/g1.jpg">'
        '<p class="caption">Crowds gather by the water on Tuesday evening.</p></div>'
    )
    player = (
        '<div class="video-player"><button>Play Video</button><div class="vjs-menu">Chapters</div>'
        '<div class="vjs-menu">subtitles off</div><div class="vjs-menu">captions settings</div>'
        '<span class="duration">2:31</span></div>'
    )
    ps = [f'<p class="article-body-paragraph">{E(p)}</p>' for p in a["paragraphs"]]
    body = f"""<body>{nav(a)}<main><div class="article-header"><h1 data-qa="headline">{E(a["title"])}</h1>
<div class="byline">By <a href="/people/x">{E(a["author"])}</a></div><div class="timestamp">{a["date"]}</div></div>
{gallery}<div class="article-body">{ps[0]}{player}{"".join(ps[1:])}</div>
<div class="most-read"><h2>Most Read</h2><ol><li><a href="/a">Tram fares rise again</a></li>
<li><a href="/b">The best new restaurants this month</a></li></ol></div></main>{footer(a)}</body></html>"""
    return head(a, f"{a['title']} - {a['site']}", jsonld(a)) + body


def drupal(a):
    body = f"""<body class="path-node page-node-type-article">{nav(a)}
<div class="breadcrumb"><a href="/">Home</a> / <a href="/news">{E(a["section"])}</a></div>
<main><h1 class="page-title"><span class="field field--name-title">{E(a["title"])}</span></h1>
<article class="node node--type-article"><div class="node__meta"><span class="field--name-uid">
<a rel="author" href="/user/4">{E(a["author"])}</a></span> <span class="field--name-created">{a["date"]}</span></div>
<div class="field field--name-body">{paras(a)}</div>
<div class="field--name-field-tags"><div class="field__label">Tags</div><a href="/t/1">{E(a["section"])}</a></div>
</article></main>{related(a, "More from " + a["site"])}{footer(a)}</body></html>"""
    return (
        head(a, f"{a['title']} | {a['site']}", f'<meta property="og:title" content="{E(a["title"])} | {E(a["site"])}">')
        + body
    )


def ghost(a):
    cta = (
        f'<section class="gh-cta"><h2>Subscribe to {E(a["site"])}</h2><p>Get the latest posts delivered right '
        f'to your inbox.</p><form><input placeholder="jamie@example.com"><button>Subscribe</button></form></section>'
    )
    body = f'''<body class="post-template">{nav(a)}<main class="site-main"><article class="gh-article post">
<header class="gh-article-header"><a class="gh-article-tag" href="/tag/x">{E(a["section"])}</a>
<h1 class="gh-article-title">{E(a["title"])}</h1><div class="gh-article-meta"><div class="gh-article-author-name">
<a href="/author/x">{E(a["author"])}</a></div><time datetime="{a["date"]}">{a["date"]}</time>
<span class="gh-article-meta-length">4 min read</span></div></header>
<section class="gh-content gh-canvas">{paras(a)}</section></article>{cta}
<section class="gh-read-next"><h3>Read next</h3><article><h3>How the old pier was rebuilt</h3></article></section>
</main>{footer(a)}</body></html>'''
    return head(a, a["title"], jsonld(a, "Article")) + body


def substack(a):
    body = f"""<body><div class="main-menu">{E(a["site"])} <a>Subscribe</a> <a>Sign in</a></div>
<article class="post"><div class="post-header"><h1 class="post-title">{E(a["title"])}</h1>
<h3 class="subtitle">A letter from the {E(a["section"].lower())} desk</h3>
<div class="post-meta"><a class="frontend-pencraft" href="/profile">{E(a["author"])}</a>
<div class="pencraft">{a["date"]}</div><div class="like-button">12</div><div class="comment-button">3</div>
<div class="share-button">Share</div></div></div>
<div class="available-content"><div class="body markup">{paras(a)}</div></div>
<div class="subscription-widget"><p>Thanks for reading {E(a["site"])}! Subscribe for free to receive new posts and
support my work.</p><input placeholder="Type your email..."><button>Subscribe</button></div></article>
<div class="post-footer"><h4>Discussion about this post</h4><p>Comments</p><p>Restacks</p></div>
<div class="ready-for-more"><h3>Ready for more?</h3><button>Subscribe</button></div></body></html>"""
    return head(a, a["title"], jsonld(a) + f'<meta name="author" content="{E(a["author"])}">') + body


def medium(a):
    handle = "@" + a["author"].split()[0].lower()
    body = f"""<body><div class="metabar"><a>Open in app</a><a>Sign up</a><a>Sign in</a><a>Write</a></div>
<article><div class="section-content"><h1 class="pw-post-title">{E(a["title"])}</h1>
<div class="pw-author"><a href="/{handle}">{E(a["author"])}</a><button>Follow</button></div>
<div><span>5 min read</span><span>&middot;</span><span>{a["date"]}</span></div>
<div class="claps"><button>Listen</button><button>Share</button></div>
{paras(a, cls="pw-post-body-paragraph")}</div></article>
<div class="more-from"><h2>More from {E(a["author"])}</h2><h2>Recommended from Medium</h2>
<div><h2>Ten things I learned from walking every street in my city</h2></div></div></body></html>"""
    extra = (
        f'<meta name="author" content="{E(a["author"])}"><meta property="article:author" '
        f'content="https://medium.com/{handle}"><meta property="og:title" content="{E(a["title"])}">'
    )
    return head(a, f"{a['title']} | by {a['author']} | Medium", extra) + body


def amp(a):
    body = f"""<body><header class="amp-header"><a href="/">{E(a["site"])}</a></header><article>
<h1 class="amp-title">{E(a["title"])}</h1><div class="amp-byline">By {E(a["author"])}</div>
<amp-img src="/i.jpg" width="600" height="400" layout="responsive" alt="A view of the town"></amp-img>
<div class="amp-caption">A view of the town from the hill. Photograph: Jon Hale/Alamy</div>
<amp-social-share type="twitter"></amp-social-share><amp-social-share type="email"></amp-social-share>
<div class="amp-body">{split_paras(a, '<amp-video controls src="/v.mp4" layout="responsive"><div fallback>Your browser does not support HTML5 video.</div></amp-video>')}</div>
</article>{related(a, "You may also like")}{footer(a)}</body></html>"""
    return (
        '<!doctype html><html amp lang="en"><head><meta charset="utf-8">'
        f"<title>{E(a['title'])}</title>"
        f'<link rel="canonical" href="https://example.org/story">{jsonld(a)}</head>'
    ) + body


def jsonld_only(a):
    body = f"""<body><div id="app"><div class="top">{E(a["site"])}</div><div class="story">
<div class="story-title">{E(a["title"])}</div>{"".join(f'<div class="story-p">{E(p)}</div>' for p in a["paragraphs"])}
</div><div class="share">Share on Facebook Share on Twitter</div></div></body></html>"""
    return (
        head(
            a,
            f"{a['title']} | {a['site']}",
            f'<meta property="og:title" content="{E(a["title"])} | {E(a["site"])}">{jsonld(a)}',
        )
        + body
    )


def bbc_like(a):
    fig = (
        '<figure><div>Image source, Getty Images</div><img src="/p.jpg"><figcaption>Image caption, '
        "Crowds gathered early on the first day</figcaption></figure>"
    )
    body = f'''<body>{nav(a)}<main id="main-content"><article><header><h1 id="main-heading">{E(a["title"])}</h1></header>
<div data-component="byline-block"><time datetime="{a["date"]}">{a["date"]}</time><div>{E(a["author"])}</div>
<div>{E(a["section"])} correspondent</div></div><div data-component="image-block">{fig}</div>
{"".join(f'<div data-component="text-block"><p>{E(p)}</p></div>' for p in a["paragraphs"])}
<div data-component="topic-list"><h2>Related Topics</h2><ul><li>{E(a["section"])}</li></ul></div>
</article><section><h2>More on this story</h2><ul><li><a href="/1">Ferry plan sparks protest</a></li>
<li><a href="/2">What happens to the harbour now?</a></li></ul></section></main>{footer(a)}</body></html>'''
    return (
        head(
            a,
            f"{a['title']} - {a['site']} News",
            f'<meta property="og:title" content="{E(a["title"])}"><meta name="author" content="{E(a["author"])}">',
        )
        + body
    )


def guardian_like(a):
    fig = (
        '<figure><img src="/g.jpg"><figcaption><span>The quay on a quiet morning.</span> Photograph: '
        "Ana Bell/Getty Images</figcaption></figure>"
    )
    body = f"""<body>{nav(a)}<main><div class="headline"><h1>{E(a["title"])}</h1></div>
<div class="standfirst-meta"><address aria-label="Contributor info"><a rel="author" href="/profile/x">{E(a["author"])}</a>
</address><details><summary>Tue 12 Mar 2024 09.30 GMT</summary></details><div>Share</div></div>
<div class="article-body-commercial-selector">{split_paras(a, fig)}</div>
<div class="submeta"><a>Reuse this content</a></div></main>
<aside><h2>Most viewed</h2><ol><li>Tram drivers vote to strike</li><li>Ten tips for a cheaper energy bill</li></ol></aside>
{footer(a)}</body></html>"""
    return (
        head(
            a,
            f"{a['title']} | {a['section']} | {a['site']}",
            f'<meta name="author" content="{E(a["author"])}"><meta property="og:title" content="{E(a["title"])}">',
        )
        + body
    )


def inline_junk(a):
    """Furniture inside the article body's own container, as many news CMSs emit it."""
    ps = [f"<p>{E(p)}</p>" for p in a["paragraphs"]]
    junk_top = "<p>Listen to this article</p><p>6 min</p><p>Share</p>"
    gallery = (
        '<div class="inline-gallery"><p>Image 1 of 8</p><p>Volunteers Gather At The Town Hall Before The Vote</p>'
        "<p>(Photo: Maya Stone)</p></div>"
    )
    player = '<div class="player"><p>Watch</p><p>Chapters</p><p>subtitles off</p><p>1:45</p></div>'
    teasers = (
        '<h3>More on this story</h3><p><a href="/1">Ferry fares to rise in spring</a></p>'
        '<p><a href="/2">Inside the boatyard that keeps the town afloat</a></p>'
    )
    body = f"""<body>{nav(a)}<main><article><h1>{E(a["title"])}</h1><p class="byline">By {E(a["author"])}</p>
<p class="date">Updated 3 hours ago</p><div class="article-body">{junk_top}{ps[0]}{gallery}{ps[1]}{player}
{"".join(ps[2:])}{teasers}</div></article></main>{footer(a)}</body></html>"""
    return head(a, f"{a['title']} | {a['site']}", f'<meta name="author" content="{E(a["author"])}">') + body


def standfirst_and_teasers(a):
    """A standfirst (read), then teaser cards inside the same container after the last paragraph (not read)."""
    cards = "".join(
        f'<div class="card"><a href="/s/{i}"><span>{E(t)}</span></a></div>'
        for i, t in enumerate(
            ["How one village saved its pub", "The ferry that time forgot", "Ten photos of the storm"]
        )
    )
    body = f"""<body>{nav(a)}<main><div class="story"><h1>{E(a["title"])}</h1>
<p class="standfirst">{E(STANDFIRST)}</p><span class="author">{E(a["author"])}</span><time>{a["date"]}</time>
{paras(a)}<div class="newsletter"><p>Sign up to our daily briefing. Get the day's top stories in your inbox every morning.</p>
</div><h2>Read more</h2>{cards}</div></main>{footer(a)}</body></html>"""
    return head(a, f"{a['title']} – {a['site']}", jsonld(a)) + body


STANDFIRST = "A small change that people noticed straight away."


# Traps: each returns (html, expected author). The article text is always the same shape.
def trap_login_word(a):
    body = f"""<body><header><div class="author"><a href="/login">Sign in</a></div></header><main><article>
<h1>{E(a["title"])}</h1>{paras(a)}</article></main></body></html>"""
    return head(a, a["title"]) + body, None


def trap_date_author(a):
    body = f"""<body><main><article><h1>{E(a["title"])}</h1><p class="byline"><span class="author">{a["date"]}</span></p>
{paras(a)}</article></main></body></html>"""
    return head(a, a["title"], f'<meta name="author" content="{a["date"]}">') + body, None


def trap_handle_author(a):
    body = f"""<body><main><article><h1>{E(a["title"])}</h1><div class="author">@harbourwatch</div>
{paras(a)}</article></main></body></html>"""
    return head(a, a["title"], '<meta name="author" content="@harbourwatch">') + body, None


def trap_other_script_author(a):
    body = f"""<body><main><article><h1>{E(a["title"])}</h1><div class="byline"><span class="author">\u0410\u0432\u0442\u043e\u0440</span></div>
{paras(a)}</article></main></body></html>"""
    return head(a, a["title"], '<meta name="author" content="\u0410\u0432\u0442\u043e\u0440">') + body, None


def trap_site_author(a):
    body = f"""<body><main><article><h1>{E(a["title"])}</h1>{paras(a)}</article></main></body></html>"""
    return head(
        a,
        f"{a['title']} | {a['site']}",
        f'<meta name="author" content="{E(a["site"])}"><meta property="og:site_name" content="{E(a["site"])}">',
    ) + body, None


def trap_meta_beats_ui(a):
    body = f"""<body><header><span class="author-name">Log in</span></header><main><article><h1>{E(a["title"])}</h1>
<div class="meta">Share</div>{paras(a)}</article></main></body></html>"""
    return head(a, a["title"], f'<meta name="author" content="{E(a["author"])}">') + body, a["author"]


def trap_tagline_title(a):
    body = f"""<body>{nav(a)}<main><article><h1>{E(a["title"])}</h1><p class="byline">By {E(a["author"])}</p>
{paras(a)}</article></main>{footer(a)}</body></html>"""
    return head(
        a, f"{a['site']} | Local news, weather and sport", f'<meta property="og:title" content="{E(a["site"])}">'
    ) + body, a["author"]


def trap_section_title(a):
    body = f"""<body>{nav(a)}<div class="section-header"><h1 class="section-title">{E(a["section"])}</h1></div>
<main><article><h2 class="headline">{E(a["title"])}</h2><p class="byline">By {E(a["author"])}</p>
{paras(a)}</article></main>{footer(a)}</body></html>"""
    return head(
        a, f"{a['title']} | {a['section']} | {a['site']}", f'<meta property="og:title" content="{E(a["title"])}">'
    ) + body, a["author"]


def index_page(name, site, teasers):
    items = "".join(
        f'<article class="teaser"><h2><a href="/story/{i}">{E(h)}</a></h2><p>{E(s)}</p>'
        f'<span class="time">{i + 1} hours ago</span></article>'
        for i, (h, s) in enumerate(teasers)
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{E(name)} | {E(site)}</title></head>
<body><header><a href="/">{E(site)}</a></header><main><h1>{E(name)}</h1>{items}
<div class="pagination"><a>Next page</a></div></main><footer>&copy; {E(site)}</footer></body></html>"""


TEASERS = [
    ("Harbour town votes to keep its last ferry", "Residents packed the fish market to overturn a plan."),
    ("Night trains return to the northern line", "Every cabin on the first sleeper was sold."),
    ("Beekeepers count the cost of a wet spring", "Yields are down by almost a third."),
    ("City library lends tools as well as books", "Drills, ladders and sewing machines on loan."),
    ("Mountain rescue team gets its first drone", "A thermal camera paid for by fundraising."),
    ("School kitchens switch to local vegetables", "More soups and far fewer full plates."),
    ("Old cinema reopens as a community theatre", "Volunteers restored the art deco ceiling."),
    ("Fishing fleet trials nets that spare young cod", "Undersized catches have halved."),
]

SHAPES = [
    wordpress,
    arc,
    drupal,
    ghost,
    substack,
    medium,
    amp,
    jsonld_only,
    bbc_like,
    guardian_like,
    inline_junk,
    standfirst_and_teasers,
]
LEADS = {
    substack: lambda a: [f"A letter from the {a['section'].lower()} desk"],
    standfirst_and_teasers: lambda a: [STANDFIRST],
}
TRAPS = [
    trap_login_word,
    trap_date_author,
    trap_handle_author,
    trap_other_script_author,
    trap_site_author,
    trap_meta_beats_ui,
    trap_tagline_title,
    trap_section_title,
]


def pages():
    """(name, html, expected) for every page of the corpus."""
    out = []
    for i, shape in enumerate(SHAPES):
        for k in range(3):
            a = ARTICLES[(i * 5 + k * 3) % len(ARTICLES)]
            body = (LEADS[shape](a) if shape in LEADS else []) + a["paragraphs"]
            if shape is amp:  # the embedded player is announced, not dropped without a word
                body = [*body[:2], "A video is skipped here.", *body[2:]]
            out.append(
                (f"{shape.__name__}-{k + 1}", shape(a), {"title": a["title"], "author": a["author"], "body": body})
            )
    for j, trap in enumerate(TRAPS):
        a = ARTICLES[(j * 7 + 2) % len(ARTICLES)]
        page, author = trap(a)
        out.append((trap.__name__, page, {"title": a["title"], "author": author, "body": a["paragraphs"]}))
    out.append(("index-section-front", index_page("Environment", "Green City", TEASERS), {"index": True}))
    out.append(
        ("index-tag-page", index_page("Stories tagged: transport", "Transport Today", TEASERS[:6]), {"index": True})
    )
    out.append(("index-home", index_page("Top stories", "Metro Daily", TEASERS[2:] + TEASERS[:2]), {"index": True}))
    out.append(
        (
            "index-author-page",
            index_page("Articles by Priya Raman", "The Coastal Courier", TEASERS[:5]),
            {"index": True},
        )
    )
    return out


def main() -> None:
    with open(HERE / "expected.jsonl", "w", encoding="utf-8") as expected:
        for name, page, want in pages():
            (HERE / f"{name}.html").write_text(page, encoding="utf-8")
            expected.write(json.dumps({"page": f"{name}.html", **want}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
