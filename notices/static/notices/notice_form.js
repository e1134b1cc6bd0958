/* The notice form: a small rich-text editor over the content textarea (the server cleans
   the HTML again with nh3: this only keeps the editor tidy), a filter over the member
   list, and fields shown only when they apply. Without JavaScript the form still works. */
(function () {
  "use strict";

  var TAGS = {P: 1, BR: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, S: 1, H3: 1, H4: 1, UL: 1, OL: 1,
    LI: 1, BLOCKQUOTE: 1, A: 1, HR: 1, TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1};
  var DROP = {SCRIPT: 1, STYLE: 1, TEMPLATE: 1, IFRAME: 1, OBJECT: 1, NOSCRIPT: 1, SVG: 1, MATH: 1};
  var SAFE_URL = /^(https?:|mailto:|tel:)/i;

  /* Copy only allowed elements and attributes from an inert template into `target`. */
  function copyClean(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === 3) {
        target.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === 1 && !DROP[node.nodeName]) {
        if (TAGS[node.nodeName]) {
          var element = document.createElement(node.nodeName);
          if (node.nodeName === "A" && SAFE_URL.test(node.getAttribute("href") || "")) {
            element.setAttribute("href", node.getAttribute("href"));
          }
          ["colspan", "rowspan"].forEach(function (name) {
            if ((node.nodeName === "TD" || node.nodeName === "TH") && node.hasAttribute(name)) {
              element.setAttribute(name, node.getAttribute(name));
            }
          });
          copyClean(node, element);
          target.appendChild(element);
        } else {
          copyClean(node, target);
        }
      }
    });
  }

  function cleanFragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html;  // inert: nothing in a template runs or loads
    var fragment = document.createDocumentFragment();
    copyClean(template.content, fragment);
    return fragment;
  }

  var BUTTONS = [
    ["bold", "加粗", "type-bold"],
    ["italic", "斜体", "type-italic"],
    ["underline", "下划线", "type-underline"],
    ["h3", "小标题", "type-h3"],
    ["p", "正文", "paragraph"],
    ["insertUnorderedList", "项目符号", "list-ul"],
    ["insertOrderedList", "编号", "list-ol"],
    ["createLink", "链接", "link-45deg"],
    ["removeFormat", "清除格式", "eraser"]
  ];

  function richText(textarea) {
    var toolbar = document.createElement("div");
    toolbar.className = "btn-group btn-group-sm flex-wrap mb-1";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "格式");
    var editor = document.createElement("div");
    editor.className = "form-control notice-content rich-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    editor.id = textarea.id + "_editor";
    var label = document.querySelector("label[for='" + textarea.id + "']");
    editor.setAttribute("aria-label", label ? label.textContent.trim() : "正文");
    if (textarea.classList.contains("is-invalid")) { editor.classList.add("is-invalid"); }
    var value = textarea.value.trim();
    if (value.indexOf("<") === -1) {
      value = value.split(/\n{2,}/).filter(Boolean).map(function (part) {
        var p = document.createElement("p");
        p.textContent = part;
        return p.outerHTML.replace(/\n/g, "<br>");
      }).join("");
    }
    editor.appendChild(cleanFragment(value));

    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary";
      button.title = spec[1];
      button.setAttribute("aria-label", spec[1]);
      button.innerHTML = '<i class="bi bi-' + spec[2] + '"></i>';
      button.addEventListener("click", function () {
        editor.focus();
        if (spec[0] === "h3" || spec[0] === "p") {
          document.execCommand("formatBlock", false, spec[0]);
        } else if (spec[0] === "createLink") {
          var url = window.prompt("链接地址（http:// 或 https:// 开头）", "https://");
          if (url && SAFE_URL.test(url)) { document.execCommand("createLink", false, url); }
        } else {
          document.execCommand(spec[0], false, null);
        }
      });
      toolbar.appendChild(button);
    });

    editor.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) { return; }
      event.preventDefault();
      var html = data.getData("text/html");
      var holder = document.createElement("div");
      if (html) {
        holder.appendChild(cleanFragment(html));
        document.execCommand("insertHTML", false, holder.innerHTML);
      } else {
        document.execCommand("insertText", false, data.getData("text/plain"));
      }
    });

    // Typing starts in a paragraph, and Enter makes new paragraphs.
    editor.addEventListener("focus", function () {
      document.execCommand("defaultParagraphSeparator", false, "p");
      if (!editor.firstChild) {
        var paragraph = document.createElement("p");
        paragraph.appendChild(document.createElement("br"));
        editor.appendChild(paragraph);
        var range = document.createRange();
        range.setStart(paragraph, 0);
        range.collapse(true);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    });

    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
    textarea.form.addEventListener("submit", function () {
      textarea.value = editor.textContent.trim() ? editor.innerHTML : "";
    });
  }

  function filterable(select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1";
    input.placeholder = "输入姓名、编号或界别筛选";
    input.setAttribute("aria-label", "筛选委员");
    var count = document.createElement("div");
    count.className = "form-text";
    function update() {
      var query = input.value.trim();
      Array.prototype.forEach.call(select.options, function (option) {
        option.hidden = query !== "" && option.text.indexOf(query) === -1 && !option.selected;
      });
      count.textContent = "已选 " + select.selectedOptions.length + " 人";
    }
    input.addEventListener("input", update);
    select.addEventListener("change", update);
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(count, select.nextSibling);
    update();
  }

  function toggles(form) {
    function checked(name) {
      var input = form.querySelector("input[name='" + name + "']:checked");
      return input ? input.value : "";
    }
    function update() {
      var kind = checked("kind");
      var audience = checked("audience");
      form.querySelectorAll("[data-show-for]").forEach(function (el) {
        el.hidden = el.getAttribute("data-show-for") !== kind;
      });
      form.querySelectorAll("[data-audience]").forEach(function (el) {
        el.hidden = el.getAttribute("data-audience") !== audience;
      });
      var reply = form.querySelector("input[name='wants_reply']");
      form.querySelectorAll("[data-reply]").forEach(function (el) {
        el.hidden = reply && !reply.checked;
      });
    }
    form.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("textarea[data-rich-text]").forEach(richText);
  document.querySelectorAll("select[data-filter]").forEach(filterable);
  var form = document.getElementById("notice-form");
  if (form) { toggles(form); }
})();
