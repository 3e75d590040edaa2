"""Text of the sample HTML article and the sample Markdown field guide (our own prose).

Both are written out verbatim by ``make_sample_docs.py``. The HTML page carries the boilerplate
a real news page has around its article (cookie banner, site header with a menu, a sidebar, a
site footer, an inline script and style) so that the HTML parser has something to strip.
"""

from __future__ import annotations

import json

ARTICLE_URL = "https://news.riverbend-water.example/2025/09/why-tap-water-smells-of-chlorine"
ARTICLE_TITLE = "Why Does My Tap Water Smell of Chlorine?"
ARTICLE_AUTHOR = "Priya Raman"
ARTICLE_PUBLISHED = "2025-09-18T08:30:00-05:00"
SITE_NAME = "Riverbend Water News"

_JSON_LD = {
    "@context": "https://schema.org",
    "@type": "Article",
    "headline": ARTICLE_TITLE,
    "description": "What the chlorine smell in tap water means, how the Riverbend Water Utility "
    "measures it, and what customers can do about it.",
    "author": {"@type": "Person", "name": ARTICLE_AUTHOR},
    "publisher": {"@type": "Organization", "name": "Riverbend Water Utility"},
    "datePublished": ARTICLE_PUBLISHED,
    "dateModified": "2025-09-19T10:15:00-05:00",
    "inLanguage": "en",
    "mainEntityOfPage": ARTICLE_URL,
}

ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{ARTICLE_TITLE} | {SITE_NAME}</title>
<meta name="description" content="{_JSON_LD["description"]}">
<meta name="author" content="{ARTICLE_AUTHOR}">
<meta property="og:title" content="{ARTICLE_TITLE}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:type" content="article">
<meta property="og:url" content="{ARTICLE_URL}">
<meta property="article:published_time" content="{ARTICLE_PUBLISHED}">
<link rel="canonical" href="{ARTICLE_URL}">
<link rel="stylesheet" href="/static/site.css">
<style>
  .cookie-banner {{ position: fixed; bottom: 0; left: 0; right: 0; padding: 1em; }}
  .layout {{ display: grid; grid-template-columns: 3fr 1fr; gap: 2em; }}
</style>
<script type="application/ld+json">
{json.dumps(_JSON_LD, indent=2)}
</script>
<script>
  window.siteEvents = window.siteEvents || [];
  window.siteEvents.push({{ event: "page_view", section: "water-quality" }});
</script>
</head>
<body>
<div class="cookie-banner" role="dialog" aria-label="Cookie consent">
  <p>We use cookies to remember your preferences and to count visits to this site.
  Read our <a href="/privacy">privacy notice</a> to learn more.</p>
  <button type="button" class="cookie-accept">Accept</button>
</div>
<header class="site-header">
  <a class="logo" href="/">{SITE_NAME}</a>
  <p class="tagline">News and advice from the Riverbend Water Utility</p>
  <nav aria-label="Main menu">
    <ul>
      <li><a href="/">Home</a></li>
      <li><a href="/outages">Outages</a></li>
      <li><a href="/billing">Billing</a></li>
      <li><a href="/water-quality">Water Quality</a></li>
      <li><a href="/contact">Contact</a></li>
    </ul>
  </nav>
</header>
<div class="layout">
<main>
<article>
  <header>
    <h1>{ARTICLE_TITLE}</h1>
    <p class="byline">By <span class="author">{ARTICLE_AUTHOR}</span>, Water Quality Laboratory,
    <time datetime="{ARTICLE_PUBLISHED}">September 18, 2025</time></p>
  </header>

  <p>Every September our customer line hears the same question: why does the water suddenly
  smell like a swimming pool? The short answer is that the smell is chlorine, that it is
  deliberate, and that it is a sign the water is protected all the way to your tap.</p>

  <h2>Where the smell comes from</h2>
  <p>Water leaving the Eastside plant is disinfected with sodium hypochlorite, the same compound
  as household bleach but in a far weaker dose. A small amount of chlorine has to remain in the
  water as it travels through 96 miles of pipe, because it keeps bacteria from growing in the
  mains and in the plumbing of your home.</p>
  <p>Most people stop noticing the smell after a few days. It is strongest close to the plant
  and in the weeks after we flush the hydrants, when fresh water reaches the ends of the
  system.</p>

  <h3>Chlorine and chloramine</h3>
  <p>Some larger cities add ammonia to form chloramine, which lasts longer in the pipes and
  smells less. Riverbend uses free chlorine only. Our system is small enough that free chlorine
  reaches every customer, and it is easier for our operators to measure and adjust.</p>

  <h2>What we measure</h2>
  <p>State rules require a detectable residual everywhere in the system. We aim higher: at
  least 0.2 mg/L at the far ends of the network and no more than 1.0 mg/L near the plant. The
  table below shows the readings from our routine samples in August.</p>

  <table class="data">
    <caption>Free chlorine residual by pressure zone, August 2025 (mg/L)</caption>
    <thead>
      <tr>
        <th>Pressure zone</th><th>Samples</th><th>Average</th><th>Minimum</th><th>Maximum</th>
      </tr>
    </thead>
    <tbody>
      <tr><td>Low Town</td><td>12</td><td>0.74</td><td>0.61</td><td>0.88</td></tr>
      <tr><td>Mill District</td><td>10</td><td>0.63</td><td>0.52</td><td>0.77</td></tr>
      <tr><td>Quarry Hill</td><td>8</td><td>0.41</td><td>0.33</td><td>0.52</td></tr>
      <tr><td>Cedar Flats</td><td>6</td><td>0.35</td><td>0.27</td><td>0.44</td></tr>
    </tbody>
  </table>

  <h3>How we summarize the readings</h3>
  <p>Our lab keeps the readings in a spreadsheet, and a short script flags any zone whose lowest
  reading falls below the target:</p>
  <pre><code class="language-python">from statistics import mean

TARGET_MG_L = 0.2
readings = {{
    "Quarry Hill": [0.41, 0.33, 0.52],
    "Cedar Flats": [0.35, 0.27, 0.44],
}}

for zone, values in readings.items():
    lowest = min(values)
    status = "flush" if lowest &lt; TARGET_MG_L else "ok"
    print(f"{{zone}}: mean {{mean(values):.2f}} mg/L, lowest {{lowest:.2f}} -&gt; {{status}}")
</code></pre>

  <h2>What you can do</h2>
  <p>If the smell bothers you, there are simple ways to reduce it:</p>
  <ul>
    <li>Keep a jug of tap water in the refrigerator; the chlorine fades within a few hours.</li>
    <li>Add a slice of lemon or a few drops of lemon juice to a glass of water.</li>
    <li>Use a pitcher filter with activated carbon, and change the cartridge on schedule.</li>
  </ul>
  <p>If the water smells much stronger than usual, or smells of something other than chlorine,
  please tell us:</p>
  <ol>
    <li>Run the cold tap for two minutes and check whether the smell remains.</li>
    <li>Note the time and which taps in the house are affected.</li>
    <li>Call the utility office at 555-0142 so that a technician can take a sample.</li>
  </ol>

  <blockquote>
    <p>A faint smell of chlorine at the tap tells us the disinfectant made it all the way
    through the system. It is the absence of chlorine that would worry us.</p>
  </blockquote>
  <p>That is how Marcus Lindqvist, superintendent of the Eastside plant, puts it.</p>

  <figure>
    <img src="/images/sampling-station.jpg" alt="A technician fills a sample bottle at a
    sampling station" width="640" height="427">
    <figcaption>A technician collects a sample at one of the 24 sampling stations on the
    distribution system.</figcaption>
  </figure>

  <p>Results of every sample are published each month on our water quality page, and the
  annual report summarizes them for the whole year.</p>
</article>
</main>
<aside class="sidebar">
  <h2>Related articles</h2>
  <ul>
    <li><a href="/2025/08/hydrant-flushing">Hydrant flushing: this autumn's schedule</a></li>
    <li><a href="/2025/06/lead-service-lines">Is there a lead line at your address?</a></li>
    <li><a href="/2025/03/annual-report-2024">Highlights of the 2024 annual report</a></li>
  </ul>
</aside>
</div>
<footer class="site-footer">
  <p>&copy; 2025 Riverbend Water Utility, 12 Mill Street, Riverbend</p>
  <ul>
    <li><a href="/privacy">Privacy</a></li>
    <li><a href="/accessibility">Accessibility</a></li>
    <li><a href="/contact">Contact us</a></li>
  </ul>
</footer>
</body>
</html>
"""

FIELD_GUIDE_MD = """# Hydrant Flushing Field Guide

This guide is for Riverbend Water Utility crews who flush hydrants during the spring and autumn
programs. Flushing moves water through the mains fast enough to scour out sediment and iron
deposits, and it brings fresh, well-chlorinated water to the ends of the system.

## Before You Start

Check the day's route sheet and confirm that customers on the affected streets received their
door hangers at least 48 hours ago. Never flush a hydrant that is tagged out of service.

### Equipment

- Hydrant wrench and a spare operating nut adapter
- Diffuser with a pitot gauge, so that the flow rate can be read
- Chlorine test kit and a turbidity meter
- Traffic cones and two high-visibility vests
- The crew tablet with the flushing log open

### Safety

> Open and close every hydrant slowly, over at least one minute. Closing a hydrant quickly can
> send a pressure surge through the main that is strong enough to break it.

## Flushing Procedure

1. Set out cones and point the diffuser away from traffic and from basement windows.
2. Open the hydrant slowly until the pitot gauge shows the target flow for the main size.
3. Let the water run until it is clear and the turbidity reading is below 1.0 NTU.
4. Measure the free chlorine residual and write it in the log.
5. Close the hydrant slowly and check that the barrel drains.

### Target Flows

Use the flow for the size of the main that feeds the hydrant, not the size of the hydrant
outlet:

| Main diameter (in) | Target flow (gpm) | Minimum run time (min) |
|---:|---:|---:|
| 6 | 450 | 10 |
| 8 | 800 | 12 |
| 10 | 1250 | 15 |
| 12 | 1800 | 20 |

### Estimating the Run Time

The run time should move at least two volumes of the main section between the hydrant and the
closed valve upstream. The crew tablet does this calculation, but it is easy to check by hand:

```python
import math

def run_minutes(diameter_in: float, length_ft: float, flow_gpm: float) -> float:
    \"\"\"Minutes needed to move two pipe volumes at the given flow.\"\"\"
    radius_ft = diameter_in / 24
    volume_gal = math.pi * radius_ft**2 * length_ft * 7.48
    return 2 * volume_gal / flow_gpm

print(round(run_minutes(8, 1200, 800), 1))  # 7.8
```

## After Flushing

Record the end time, the final chlorine and turbidity readings and any problem found at the
hydrant. Report leaks, stuck valves and damaged caps to the dispatcher before the end of the
shift, so that they can be added to the repair list.
"""
