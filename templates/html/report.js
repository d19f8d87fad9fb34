// Kiln report: sortable tables, legend toggling, hover values, log-scale switch. No external resources.
(function () {
  'use strict';
  var tip = document.getElementById('tip');
  function nums(text) { return text.split(' ').map(Number); }
  function fmt(v) {
    if (!isFinite(v)) { return String(v); }
    var a = Math.abs(v);
    return (a >= 1e5 || (a > 0 && a < 1e-3)) ? v.toExponential(3) : String(+v.toPrecision(4));
  }
  function coords(d) { return d.slice(1).split(/[ ,]/).map(Number); }

  // Sortable tables: numbers by data-sort (empty sorts last), text otherwise. One listener on the document,
  // so tables that replace the page's (kiln serve's live updates) sort too; click again to reverse.
  document.addEventListener('click', function (ev) {
    var th = ev.target.closest && ev.target.closest('table.sortable th');
    if (!th) { return; }
    var row = th.parentNode, index = Array.prototype.indexOf.call(row.children, th);
    var ascending = th.dataset.dir !== 'asc';
    row.querySelectorAll('th').forEach(function (h) { delete h.dataset.dir; });
    th.dataset.dir = ascending ? 'asc' : 'desc';
    var body = th.closest('table').tBodies[0], numeric = th.classList.contains('num');
    var keyed = Array.prototype.map.call(body.rows, function (r) {
      var cell = r.cells[index], raw = cell && cell.dataset.sort !== undefined ? cell.dataset.sort : (cell ? cell.textContent : '');
      return { row: r, key: numeric ? (raw === '' ? NaN : +raw) : raw.toLowerCase() };
    });
    keyed.sort(function (x, y) {
      if (numeric) {
        if (isNaN(x.key)) { return isNaN(y.key) ? 0 : 1; }
        if (isNaN(y.key)) { return -1; }
        return ascending ? x.key - y.key : y.key - x.key;
      }
      return ascending ? x.key.localeCompare(y.key) : y.key.localeCompare(x.key);
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
  });

  // Legends: a button toggles the series with its data-key in its scope (its figure, or the whole page).
  function applyLegend(legend) {
    var scope = legend.closest('.scope') || document, keys = {}, off = {};
    legend.querySelectorAll('button.key').forEach(function (b) {
      keys[b.dataset.key] = true;
      if (b.classList.contains('off')) { off[b.dataset.key] = true; }
    });
    scope.querySelectorAll('svg.plot [data-key]').forEach(function (el) {
      var k = el.dataset.key;
      if (keys[k]) { el.classList.toggle('off', !!off[k]); }
    });
  }
  document.addEventListener('click', function (ev) {
    var button = ev.target.closest && ev.target.closest('.legend button');
    if (!button) { return; }
    var legend = button.closest('.legend');
    if (button.classList.contains('bulk')) {
      var hide = button.dataset.all !== '1';
      legend.querySelectorAll('button.key').forEach(function (b) { b.classList.toggle('off', hide); });
    } else {
      button.classList.toggle('off');
    }
    applyLegend(legend);
  });
  function highlight(ev, on) {
    var button = ev.target.closest && ev.target.closest('.legend button.key');
    if (!button) { return; }
    var scope = button.closest('.scope') || document;
    scope.querySelectorAll('svg.plot [data-key="' + button.dataset.key + '"]').forEach(function (el) {
      el.classList.toggle('hi', on);
    });
  }
  document.addEventListener('mouseover', function (ev) { highlight(ev, true); });
  document.addEventListener('mouseout', function (ev) { highlight(ev, false); });

  // Log scale: re-map the y coordinates of every path and marker from the linear to the log domain.
  function rescale(svg, log) {
    var y = nums(svg.dataset.y), l = nums(svg.dataset.ly);
    function map(py) {
      var v = y[0] + (py - y[2]) / (y[3] - y[2]) * (y[1] - y[0]);
      var t = v > 0 ? Math.log10(v) : l[0];
      return (y[2] + (t - l[0]) / (l[1] - l[0]) * (y[3] - y[2])).toFixed(1);
    }
    svg.querySelectorAll('.data path').forEach(function (el) {
      if (!el.dataset.d) { el.dataset.d = el.getAttribute('d'); }
      if (!log) { el.setAttribute('d', el.dataset.d); return; }
      var xy = coords(el.dataset.d), out = [];
      for (var i = 0; i + 1 < xy.length; i += 2) { out.push(xy[i] + ',' + map(xy[i + 1])); }
      el.setAttribute('d', 'M' + out.join(' '));
    });
    svg.querySelectorAll('.data circle').forEach(function (el) {
      if (!el.dataset.cy) { el.dataset.cy = el.getAttribute('cy'); }
      el.setAttribute('cy', log ? map(+el.dataset.cy) : el.dataset.cy);
    });
  }
  document.addEventListener('change', function (ev) {
    if (!ev.target.classList.contains('logy-toggle')) { return; }
    var figure = ev.target.closest('figure');
    figure.classList.toggle('logy', ev.target.checked);
    figure.querySelectorAll('svg.plot[data-ly]').forEach(function (svg) { rescale(svg, ev.target.checked); });
  });

  // Hover values: the series under the pointer (nearest vertex) or the pointer's own coordinates.
  function label(el) {
    if (el.dataset.label) { return el.dataset.label; }
    var button = document.querySelector('.legend button.key[data-key="' + el.dataset.key + '"]');
    return button ? button.textContent : el.dataset.key;
  }
  function invert(svg, px, py) {
    var x = nums(svg.dataset.x), y = nums(svg.dataset.y), vx = x[0] + (px - x[2]) / (x[3] - x[2]) * (x[1] - x[0]);
    var vy;
    if (svg.dataset.ly && svg.closest('.logy')) {
      var l = nums(svg.dataset.ly);
      vy = Math.pow(10, l[0] + (py - y[2]) / (y[3] - y[2]) * (l[1] - l[0]));
    } else {
      vy = y[0] + (py - y[2]) / (y[3] - y[2]) * (y[1] - y[0]);
    }
    return [x[4] === 1 ? Math.pow(10, vx) : vx, vy];
  }
  document.addEventListener('mousemove', function (ev) {
    var svg = ev.target.closest && ev.target.closest('svg.plot');
    if (!svg) { tip.hidden = true; return; }
    var point = svg.createSVGPoint();
    point.x = ev.clientX; point.y = ev.clientY;
    var p = point.matrixTransform(svg.getScreenCTM().inverse()), el = ev.target.closest('[data-key]'), text, v;
    if (el && el.tagName === 'path') {
      var xy = coords(el.getAttribute('d')), best = 0, distance = Infinity;
      for (var i = 0; i + 1 < xy.length; i += 2) {
        var d = Math.abs(xy[i] - p.x);
        if (d < distance) { distance = d; best = i; }
      }
      v = invert(svg, xy[best], xy[best + 1]);
      text = label(el) + ' · x ' + fmt(v[0]) + ' · y ' + fmt(v[1]);
    } else if (el && el.tagName === 'circle') {
      v = invert(svg, +el.getAttribute('cx'), +el.getAttribute('cy'));
      text = label(el) + ' · x ' + fmt(v[0]) + ' · y ' + fmt(v[1]);
    } else {
      v = invert(svg, p.x, p.y);
      text = 'x ' + fmt(v[0]) + ' · y ' + fmt(v[1]);
    }
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = (ev.pageX + 14) + 'px';
    tip.style.top = (ev.pageY + 12) + 'px';
  });
})();
