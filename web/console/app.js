// The agent console: asks POST /v1/suggest for a cart, shows the offers as
// cards and the suppressed candidates in words, records outcomes
// (POST /v1/outcomes) and sets the customer's state one field at a time
// (PUT /v1/customers/{id}/state). Plain JavaScript, no build step; every
// text from the server goes through textContent, never HTML.
'use strict';

(function () {
  // What an agent can say about each SuppressionReason.
  const REASONS = {
    COMPLAINT_OPEN: 'The customer has an open complaint: no offers until it is resolved.',
    BUDGET_SENSITIVE: 'The customer is budget sensitive: no upgrades, and add-ons only within their budget.',
    COOLDOWN: 'Offered to this customer several times recently; it is resting for now.',
    RECENTLY_DECLINED: 'The customer said no to this recently.',
    RECENT_ACCEPT: 'The customer just took an offer: no more offers for a while.',
    FREQUENCY_CAP: 'The customer has had as many offers as we make in a day.',
    IN_CART: 'Already in the cart.',
    ALREADY_OWNED: 'The customer already owns it.',
    OUT_OF_STOCK: 'Out of stock.',
    LOW_RELEVANCE: 'Not a good enough match for this cart.',
    PRICE_CEILING: 'Too big a price step up from what is in the cart.',
    CHANNEL_POLICY: 'This kind of offer is not made on this channel.',
    OFFER_LIMIT: 'A good match, but better offers filled the list.',
    OVERWHELMED: 'The customer is marked as overwhelmed: no offers.',
    HISTORY_UNAVAILABLE: 'The offer history cannot be read right now, so no offers are made to be safe.',
    CURRENCY_MISMATCH: 'Priced in another currency than the cart.',
    HOLDOUT: 'The customer is in a comparison group that gets no offers.',
  };
  const KINDS = { CROSS_SELL: 'Add-on', UPSELL: 'Upgrade', BUNDLE: 'Bundle', QUANTITY: 'More for less' };
  const OUTCOME_WORDS = { PRESENTED: 'Presented', ACCEPTED: 'Accepted', DECLINED: 'Declined' };

  const $ = (id) => document.getElementById(id);
  const form = $('suggest-form');
  const statusLine = $('status');
  const errorLine = $('error');
  const offersList = $('offers');
  const whyNotSummary = $('why-not-summary');
  const whyNotList = $('why-not-list');
  const stateStatus = $('state-status');

  // The admin token lives in the input only: never stored, never logged.
  function headers() {
    const h = { 'Content-Type': 'application/json' };
    const token = $('token').value.trim();
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  // Calls the API; resolves to the parsed answer, rejects with an Error whose
  // message is the server's own words.
  async function api(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: headers(),
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (e) {
      throw new Error('Could not reach the offer server (' + e.message + ').');
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch (e) {
      answer = null;
    }
    if (!response.ok) {
      const words = answer && answer.message ? answer.message : response.statusText;
      const code = answer && answer.code ? answer.code : 'HTTP ' + response.status;
      throw new Error(words + ' (' + code + ')');
    }
    return answer || {};
  }

  // "LAPTOP-14", "LAPTOP-14 2", "2 x LAPTOP-14", "- LAPTOP-14, qty 2" ...
  // Returns {cart, problems}.
  function parseCart(text) {
    const cart = [];
    const problems = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.replace(/^\s*(?:[-*\u2022]|\d+[.)])\s+/, '').trim();
      if (!line) return;
      const tokens = line.split(/[\s,;:\t]+/).filter(
          (t) => t && !/^(?:x|\u00d7|qty|quantity)$/i.test(t));
      let sku = null;
      let quantity = null;
      for (const t of tokens) {
        const n = t.replace(/^(?:x|\u00d7)/i, '').replace(/(?:x|\u00d7)$/i, '');
        if (/^\d+$/.test(n) && quantity === null && (sku !== null || tokens.length > 1)) {
          quantity = parseInt(n, 10);
        } else if (sku === null) {
          sku = t;
        } else {
          problems.push('Line ' + (i + 1) + ': "' + raw.trim() + '" has more than one product; put one per line.');
          return;
        }
      }
      if (sku === null) {
        problems.push('Line ' + (i + 1) + ': no product sku in "' + raw.trim() + '".');
        return;
      }
      if (quantity === null) quantity = 1;
      if (quantity < 1) {
        problems.push('Line ' + (i + 1) + ': the quantity must be at least 1.');
        return;
      }
      cart.push({ sku, quantity });
    });
    if (cart.length === 0 && problems.length === 0) problems.push('The cart is empty: enter at least one sku.');
    return { cart, problems };
  }

  // Minor units to "1,199.00 USD" in the currency's own digits.
  function money(m) {
    if (!m || !m.currency) return '';
    const units = Number(m.units || 0);
    let digits = 2;
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: m.currency })
          .resolvedOptions().maximumFractionDigits;
    } catch (e) { /* an unknown code: cents */ }
    const value = Math.abs(units) / Math.pow(10, digits);
    return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) +
        ' ' + m.currency;
  }

  function percent(p) {
    return Math.round(Number(p || 0) * 100) + '%';
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(message) {
    errorLine.textContent = message;
    errorLine.hidden = !message;
  }

  function offerCard(offer, decisionId, customerId) {
    const card = el('li', 'card offer-card');
    card.dataset.sku = offer.sku;
    const headingId = 'offer-' + offer.sku.replace(/[^A-Za-z0-9_-]/g, '_');
    card.setAttribute('aria-labelledby', headingId);
    card.append(el('span', 'kind', KINDS[offer.kind] || offer.kind));
    const h = el('h3', '', offer.name || offer.sku);
    h.id = headingId;
    card.append(h);
    card.append(el('span', 'sku hint', offer.sku));
    card.append(el('span', 'price', money(offer.price)));
    if (offer.price_delta && offer.price_delta.currency) {
      const d = Number(offer.price_delta.units || 0);
      const anchor = (offer.anchor_skus || [])[0] || 'the cart item';
      card.append(el('span', 'delta',
          d >= 0 ? money(offer.price_delta) + ' more than ' + anchor
                 : 'Saves ' + money(offer.price_delta) + ' against ' + anchor));
    }
    // Deals: what to add, what it saves, until when.
    const items = offer.items || [];
    if (offer.kind === 'BUNDLE' || offer.kind === 'QUANTITY') {
      const list = el('ul', 'items');
      list.setAttribute('aria-label', 'Add to the cart');
      for (const item of items) {
        list.append(el('li', '', 'Add ' + (item.quantity || 1) + ' \u00d7 ' + item.sku +
            ' at ' + money(item.unit_price)));
      }
      card.append(list);
    }
    if (offer.extra_pay && offer.extra_pay.currency &&
        (offer.kind === 'BUNDLE' || offer.kind === 'QUANTITY')) {
      card.append(el('span', 'extra-pay', 'Pays ' + money(offer.extra_pay) + ' more'));
    }
    if (offer.saving && Number(offer.saving.units || 0) > 0) {
      let saves = 'Saves ' + money(offer.saving);
      if (offer.original_price && offer.original_price.currency) {
        saves += ' (was ' + money(offer.original_price) + ')';
      }
      card.append(el('span', 'saving', saves));
    }
    if (offer.expires_at) {
      card.append(el('span', 'expires', 'until ' + new Date(offer.expires_at).toLocaleString('en')));
    }
    let likely = 'Likely to accept: ' + percent(offer.propensity);
    const low = Number(offer.propensity_low || 0);
    const high = Number(offer.propensity_high || 0);
    if (high > 0 && high !== low) likely += ' (90% range ' + percent(low) + ' to ' + percent(high) + ')';
    card.append(el('span', 'propensity', likely));
    if (offer.pitch) {
      const pitch = el('blockquote', 'pitch', offer.pitch);
      pitch.setAttribute('aria-label', 'Pitch to read out');
      card.append(pitch);
    }
    const actions = el('div', 'actions');
    actions.setAttribute('role', 'group');
    actions.setAttribute('aria-label', 'Record what the customer did with ' + (offer.name || offer.sku));
    const result = el('p', 'result');
    result.setAttribute('role', 'status');
    result.setAttribute('aria-live', 'polite');
    for (const outcome of ['PRESENTED', 'ACCEPTED', 'DECLINED']) {
      const b = el('button', 'secondary', OUTCOME_WORDS[outcome]);
      b.type = 'button';
      b.dataset.outcome = outcome;
      b.addEventListener('click', async () => {
        b.disabled = true;
        result.className = 'result';
        result.textContent = 'Recording ' + OUTCOME_WORDS[outcome].toLowerCase() + '…';
        try {
          const answer = await api('POST', '/v1/outcomes', {
            decision_id: decisionId, customer_id: customerId, sku: offer.sku, outcome,
          });
          result.className = 'result ok';
          result.dataset.recorded = outcome;
          result.textContent = OUTCOME_WORDS[outcome] + (answer.duplicate ? ': already recorded.' : ': recorded.');
        } catch (e) {
          result.className = 'result failed';
          result.textContent = OUTCOME_WORDS[outcome] + ' not recorded: ' + e.message;
        } finally {
          b.disabled = false;
        }
      });
      actions.append(b);
    }
    card.append(actions, result);
    return card;
  }

  function showWhyNot(answer) {
    whyNotList.replaceChildren();
    const sentences = [];
    if (answer.suppression && answer.suppression !== 'SUPPRESSION_REASON_UNSPECIFIED') {
      const li = el('li', 'whole', REASONS[answer.suppression] || answer.suppression);
      li.dataset.reason = answer.suppression;
      whyNotList.append(li);
      sentences.push(li);
    }
    for (const s of answer.suppressed || []) {
      // The whole answer's reason is said once, not per product.
      if (s.reason === answer.suppression) continue;
      const li = el('li');
      li.dataset.sku = s.sku;
      li.dataset.reason = s.reason;
      li.append(el('span', 'sku', s.sku), ' ');
      li.append(el('span', 'hint', '(' + (KINDS[s.kind] || s.kind) + ')'), ': ');
      li.append(REASONS[s.reason] || s.reason);
      whyNotList.append(li);
      sentences.push(li);
    }
    if ((answer.unknown_skus || []).length) {
      const li = el('li', 'unknown',
          'Not in the catalog, so ignored: ' + answer.unknown_skus.join(', ') + '.');
      whyNotList.append(li);
    }
    whyNotSummary.textContent = sentences.length
        ? sentences.length + (sentences.length === 1 ? ' reason' : ' reasons') + ' other products were not offered.'
        : 'Every candidate was offered.';
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showError('');
    const customerId = $('customer-id').value.trim();
    const { cart, problems } = parseCart($('cart').value);
    if (!customerId) problems.unshift('Enter the customer id.');
    if (problems.length) {
      showError(problems.join(' '));
      statusLine.textContent = 'Nothing asked: fix the form first.';
      return;
    }
    $('submit').disabled = true;
    statusLine.textContent = 'Asking for offers…';
    try {
      const answer = await api('POST', '/v1/suggest', {
        customer_id: customerId, channel: $('channel').value, cart, explain: true,
      });
      offersList.replaceChildren(...(answer.offers || []).map(
          (o) => offerCard(o, answer.decision_id, customerId)));
      const n = (answer.offers || []).length;
      statusLine.textContent = n === 0
          ? 'No offers for this cart. See "Why not" below.'
          : n + (n === 1 ? ' offer' : ' offers') + ' for ' + customerId + ', best first.';
      statusLine.dataset.offers = String(n);
      offersList.dataset.decisionId = answer.decision_id || '';
      showWhyNot(answer);
      loadState(customerId);
    } catch (e) {
      statusLine.textContent = 'No offers shown.';
      showError(e.message);
    } finally {
      $('submit').disabled = false;
    }
  });

  // Shows the customer's stored state on the switches.
  async function loadState(customerId) {
    try {
      const view = await api('GET', '/v1/customers/' + encodeURIComponent(customerId));
      $('complaint-open').checked = !!view.complaint_open;
      $('budget-sensitive').checked = !!view.budget_sensitive;
      stateStatus.textContent = '';
    } catch (e) {
      stateStatus.textContent = 'Could not read the customer\'s state: ' + e.message;
    }
  }

  // Sets one field of the customer's state; the server keeps the other.
  function stateSwitch(id, field, on, off) {
    const input = $(id);
    input.addEventListener('change', async () => {
      const customerId = $('customer-id').value.trim();
      if (!customerId) {
        input.checked = !input.checked;
        stateStatus.textContent = 'Enter the customer id first.';
        return;
      }
      const wanted = input.checked;
      input.disabled = true;
      stateStatus.textContent = 'Saving…';
      try {
        const state = await api('PUT', '/v1/customers/' + encodeURIComponent(customerId) + '/state',
            { [field]: wanted });
        $('complaint-open').checked = !!state.complaint_open;
        $('budget-sensitive').checked = !!state.budget_sensitive;
        stateStatus.dataset.saved = field + '=' + wanted;
        stateStatus.textContent = (wanted ? on : off) + ' for ' + customerId + '. Ask for offers again to see the effect.';
      } catch (e) {
        input.checked = !wanted;
        stateStatus.textContent = 'Not saved: ' + e.message;
      } finally {
        input.disabled = false;
      }
    });
  }
  stateSwitch('complaint-open', 'complaint_open', 'Complaint opened', 'Complaint closed');
  stateSwitch('budget-sensitive', 'budget_sensitive', 'Marked budget sensitive', 'No longer budget sensitive');

  // For tests and for the agent: the page is ready to take input.
  document.body.dataset.ready = 'true';
})();
