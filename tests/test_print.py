"""Printing an order gives the order alone: no navigation, search or buttons; links written out."""


def test_print_shows_only_the_order_with_link_targets(page, site_url):
    page.goto(site_url + "orders/dgo-i-19/")
    page.emulate_media(media="print")
    for furniture in (".md-header", ".md-sidebar--primary", ".md-footer", ".order-actions"):
        assert not page.locator(furniture).first.is_visible(), furniture
    assert page.locator("#c-4").is_visible()
    after = page.eval_on_selector('a.xref[href="#a-5"]',
                                  "a => getComputedStyle(a, '::after').content")
    assert after == '" (" attr(href) ")"' or "#a-5" in after
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20000
