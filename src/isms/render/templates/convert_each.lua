-- isms-docs: the ISMS manual's parts, each converted by itself in one pandoc process (render/parts.py).
-- Reads a JSON list of Markdown texts on stdin, writes the JSON list of their Typst; arg[1] is the
-- Markdown dialect, as `pandoc -f` takes it.
local texts = pandoc.json.decode(io.read("a"), false)
local converted = {}
for number, text in ipairs(texts) do
  local document = pandoc.read(text, arg[1])
  converted[number] = pandoc.write(document, "typst", pandoc.WriterOptions({wrap_text = "preserve"}))
end
io.write(pandoc.json.encode(converted))
