// Filters, sort and keyword search for the list of openings.
// The page works without this script: it lists every opening, page by page. With it, the
// form appears, the state lives in the URL (?type=regular&pay=5000000...), and the whole
// list is filtered from search/listing.json, loaded on first use. Keyword search uses the
// Pagefind index of the opening pages. Everything is built with DOM APIs (no innerHTML).

const PAGE = 50;
// Keyword matches are ranked by Pagefind; the best SEARCH_LIMIT are then filtered like the rest.
// (Pagefind's own filters would be exact, but its filter index is not byte-for-byte reproducible.)
const SEARCH_LIMIT = 500;
const form = document.getElementById("filters");
if (form) init(form);

function init(form) {
  const results = document.getElementById("results");
  const count = document.getElementById("result-count");
  const original = { nodes: [...results.childNodes], count: count.textContent };
  const root = new URL(form.dataset.root, location.href);
  let listing = null;
  let searchIndex = null; // a promise of the merged Pagefind index
  let shown = [];
  let latest = 0; // each update's number: a slower, older update must not overwrite a newer one

  const load = () => (listing ??= fetch(form.dataset.listing).then((r) => r.json()).then((data) => {
    for (const o of data.openings) {  // resolve the lookup tables once
      const home = data.municipalities[o.municipality];
      o.municipality_name = home.name;
      o.prefecture = home.prefecture;
      o.partners = o.members.slice(1).map((slug) => data.municipalities[slug]?.name ?? slug).join("・");
      o.type_label = data.labels.type[o.type];
      o.remote_label = data.labels.remote[o.remote];
      o.status_label = data.labels.status[o.status];
    }
    fillMunicipalities(form.elements.muni, data.municipalities);
    return data;
  }));

  const params = new URLSearchParams(location.search);
  for (const [name, value] of params) {
    const field = form.elements[name];
    if (!field) continue;
    if (field.type === "checkbox") field.checked = value === "1";
    else if (field.tagName === "SELECT" && name === "muni") field.dataset.wanted = value;
    else field.value = value;
  }

  let timer;
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 250); });
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
  form.addEventListener("reset", () => setTimeout(update));
  form.addEventListener("focusin", load, { once: true });
  if ([...params.keys()].some((k) => form.elements[k])) update();

  async function update() {
    const mine = ++latest;
    const state = readState(form);
    const query = new URLSearchParams(Object.entries(state).filter(([, v]) => v));
    history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
    if (!query.size || (query.size === 1 && state.sort === "closes")) {
      results.replaceChildren(...original.nodes);
      count.textContent = original.count;
      return;
    }
    count.textContent = "検索しています…";
    const data = await load();
    if (state.muni === "" && form.elements.muni.dataset.wanted) {
      state.muni = form.elements.muni.value = form.elements.muni.dataset.wanted;
      delete form.elements.muni.dataset.wanted;
    }
    let found = data.openings.filter((o) => matches(o, state));
    if (state.q) {
      try {
        const urls = await search(state.q);
        found = found.filter((o) => urls.has(o.url));
      } catch (error) {
        count.textContent = "キーワード検索を読み込めませんでした。ほかの条件は使えます。";
        throw error;
      }
    }
    if (mine !== latest) return;
    sortOpenings(found, state.sort);
    shown = found;
    render(0);
  }

  async function search(text) {
    searchIndex ??= loadIndex().catch((error) => {
      searchIndex = null;  // try again on the next search
      throw error;
    });
    const index = await searchIndex;
    if (!index) return new Set();  // nothing open is indexed
    const response = await index.search(text);
    const urls = new Set();
    const best = response.results.slice(0, SEARCH_LIMIT);
    for (let i = 0; i < best.length; i += 100) {  // fetch fragments in batches, not hundreds at once
      const pages = await Promise.all(best.slice(i, i + 100).map((r) => r.data()));
      for (const p of pages) urls.add(p.url.slice(root.pathname.length));
    }
    return urls;
  }

  // The index comes in shards (one Pagefind bundle each, so that an edit re-indexes one): the
  // first is loaded, the others merged into it.
  async function loadIndex() {
    const [first, ...others] = form.dataset.pagefind.split(" ").filter(Boolean)
      .map((bundle) => new URL(bundle, location.href).href);
    if (!first) return null;
    const index = await import(first + "pagefind.js");
    await index.options({ baseUrl: root.pathname });
    for (const bundle of others) await index.mergeIndex(bundle, { baseUrl: root.pathname });
    return index;
  }

  function render(from) {
    count.textContent = `${shown.length} 件が条件に合います`;
    const list = from === 0 ? document.createElement("ul") : results.querySelector("ul.cards");
    if (from === 0) {
      list.className = "cards";
      list.id = "opening-list";
      results.replaceChildren(list);
    }
    results.querySelector(".more")?.remove();
    for (const opening of shown.slice(from, from + PAGE)) list.append(card(opening, root));
    if (shown.length === 0) {
      const none = document.createElement("p");
      none.textContent = "条件に合う求人はありません。条件を減らしてお試しください。";
      results.append(none);
    } else if (from + PAGE < shown.length) {
      const more = document.createElement("button");
      more.type = "button";
      more.className = "button button-secondary more";
      more.textContent = `さらに表示（残り ${shown.length - from - PAGE} 件）`;
      more.addEventListener("click", () => {
        render(from + PAGE);
        list.children[from + PAGE]?.querySelector("a")?.focus();
      });
      results.append(more);
    }
  }
}

function readState(form) {
  const f = form.elements;
  return {
    q: f.q.value.trim(), pref: f.pref.value, muni: f.muni.value, type: f.type.value,
    remote: f.remote.value, side: f.side.checked ? "1" : "", pay: f.pay.value,
    sort: f.sort.value === "closes" ? "" : f.sort.value,
  };
}

function matches(o, s) {
  return (!s.pref || o.prefecture === s.pref)
    && (!s.muni || o.members.includes(s.muni))
    && (!s.type || o.type === s.type)
    && (!s.remote || o.remote === "full" || (s.remote === "partial" && o.remote === "partial"))
    && (!s.side || o.side_jobs === true)
    && (!s.pay || (o.annual_max !== null && o.annual_max >= Number(s.pay)));
}

function sortOpenings(list, order) {
  const byClose = (a, b) => a.closes.localeCompare(b.closes) || a.title.localeCompare(b.title, "ja");
  if (order === "new") list.sort((a, b) => (b.opens ?? "").localeCompare(a.opens ?? "") || byClose(a, b));
  else if (order === "pay") list.sort((a, b) => (b.annual_max ?? -1) - (a.annual_max ?? -1) || byClose(a, b));
  else list.sort(byClose);
}

function fillMunicipalities(select, municipalities) {
  // In the site's order (団体コード), so municipalities of one prefecture stand together.
  for (const [slug, m] of Object.entries(municipalities)) select.append(new Option(m.name, slug));
  if (select.dataset.wanted && municipalities[select.dataset.wanted]) select.value = select.dataset.wanted;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The same markup as the opening_card macro in templates/_macros.html.
function card(o, root) {
  const item = el("li");
  const article = el("article", "card opening-card");
  article.dataset.status = o.status;
  const heading = el("h3", "card-title");
  const link = el("a", "", o.title);
  link.href = new URL(o.url, root).href;
  heading.append(link);
  const org = el("p", "card-org", o.municipality_name);
  if (o.partners) org.append(el("span", "joint", `共同任用: ${o.partners}`));
  const tags = el("ul", "tags");
  const badge = el("li");
  badge.append(el("span", `badge badge-${o.status}`, o.status_label));
  tags.append(badge, el("li", "tag", o.type_label), el("li", "tag", o.remote_label));
  const facts = el("dl", "facts");
  const pay = el("dd");
  if (o.salary) {
    pay.append(o.salary, el("br"), el("span", "annual", o.annual));
  } else {
    pay.append(el("span", "no-pay", "給与の記載なし"));
  }
  facts.append(fact("給与", pay), fact(o.status === "upcoming" ? "募集期間" : "締切", el("dd", "", o.period)));
  article.append(heading, org, tags, facts);
  item.append(article);
  return item;
}

function fact(term, description) {
  const row = el("div");
  row.append(el("dt", "", term), description);
  return row;
}
