#!/usr/bin/env python3
"""Parse isnad's HTML report with html5lib, a conforming HTML5 parser, in
strict mode (any parse error fails), and print what it found as JSON: the
claim blocks, right-to-left elements, and external resources (must be none).

usage: html5_check.py REPORT.html
"""
import json
import sys

import html5lib


def main(argv):
    with open(argv[1], 'rb') as f:
        doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(f)
    claims = [e for e in doc.iter('div') if 'claim' in (e.get('class') or '').split()]
    rtl = [e for e in doc.iter() if e.get('dir') == 'rtl']
    external = [e.get('src') or e.get('href') for e in doc.iter()
                if (e.get('src') or '').startswith('http') or (e.tag == 'link' and e.get('href'))]
    print(json.dumps({'claims': len(claims), 'rtl': len(rtl), 'external': external,
                      'lang': doc.get('lang')}))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
