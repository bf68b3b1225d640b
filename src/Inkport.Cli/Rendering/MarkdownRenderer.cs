using System.Text;
using System.Text.Json.Nodes;
using Inkport.Contracts;

namespace Inkport.Cli.Rendering;

/// <summary>A docx block document (spec/05) as Markdown: headings, paragraphs, lists, to-dos, code, quotes,
/// tables, dividers, images and files; containers render their children.</summary>
internal sealed class MarkdownRenderer
{
    private static readonly Dictionary<int, string> Languages = new()
    {
        [7] = "bash", [8] = "csharp", [9] = "cpp", [10] = "c", [12] = "css", [22] = "go", [24] = "html", [28] = "json", [29] = "java",
        [30] = "javascript", [32] = "kotlin", [39] = "markdown", [43] = "php", [49] = "python", [52] = "ruby", [53] = "rust",
        [56] = "sql", [57] = "scala", [60] = "shell", [61] = "swift", [63] = "typescript", [66] = "xml", [67] = "yaml", [75] = "toml",
    };

    private readonly Dictionary<string, BlockWire> _blocks;

    private MarkdownRenderer(IReadOnlyList<BlockWire> blocks) => _blocks = blocks.ToDictionary(b => b.BlockId);

    /// <summary>Renders the body of the document whose blocks are given (in any order; the page block is the root).</summary>
    public static string Render(IReadOnlyList<BlockWire> blocks)
    {
        var renderer = new MarkdownRenderer(blocks);
        var page = blocks.FirstOrDefault(b => b.BlockType == 1) ?? blocks.FirstOrDefault(b => !renderer._blocks.ContainsKey(b.ParentId));
        if (page is null) return "";
        // The page block's own text is the document's title, not part of its body.
        return renderer.Children(page, "").TrimEnd('\n') + "\n";
    }

    private string Children(BlockWire parent, string indent)
    {
        var output = new StringBuilder();
        var ordinal = 0;
        BlockWire? previous = null;
        foreach (var id in parent.Children ?? [])
        {
            if (!_blocks.TryGetValue(id, out var block)) continue;
            ordinal = block.BlockType == 13 ? (previous?.BlockType == 13 ? ordinal + 1 : StartOf(block)) : 0;
            // Items of one list stay together; everything else is separated by a blank line.
            if (previous is not null) output.Append(IsListItem(previous) && IsListItem(block) ? "" : "\n");
            output.Append(Block(block, indent, ordinal));
            previous = block;
        }
        return output.ToString();
    }

    private string Block(BlockWire block, string indent, int ordinal)
    {
        switch (block.BlockType)
        {
            case 2: return Lines(indent, Inline(block)) + "\n";
            case >= 3 and <= 11: return $"{indent}{new string('#', Math.Min(block.BlockType - 2, 6))} {Inline(block)}\n";
            case 12: return ListItem(block, indent, "- ");
            case 13: return ListItem(block, indent, $"{ordinal}. ");
            case 17: return ListItem(block, indent, Style(block)?["done"]?.GetValue<bool>() == true ? "- [x] " : "- [ ] ");
            case 14:
                var language = Style(block)?["language"]?.GetValue<int>() is int code ? Languages.GetValueOrDefault(code, "") : "";
                return $"{indent}```{language}\n{Lines(indent, PlainText(block))}\n{indent}```\n";
            case 15: return Lines(indent + "> ", Inline(block)) + "\n";
            case 19 or 34: return Lines(indent + "> ", Children(block, "").TrimEnd('\n')) + "\n";
            case 22: return $"{indent}---\n";
            case 23: return $"{indent}[{Payload(block, "file")?["name"]}]({Payload(block, "file")?["token"]})\n";
            case 27: return $"{indent}![{Payload(block, "image")?["caption"]?["content"]}]({Payload(block, "image")?["token"]})\n";
            case 31: return Table(block, indent);
            default: return Children(block, indent);
        }
    }

    private string ListItem(BlockWire block, string indent, string marker)
    {
        var text = $"{indent}{marker}{Inline(block)}\n";
        var nested = Children(block, indent + new string(' ', marker.Length));
        return nested.Length == 0 ? text : text + nested;
    }

    private string Table(BlockWire block, string indent)
    {
        var table = Payload(block, "table");
        var columns = table?["property"]?["column_size"]?.GetValue<int>() ?? 0;
        var cells = table?["cells"]?.AsArray().Select(c => c!.GetValue<string>()).ToList() ?? block.Children?.ToList() ?? [];
        if (columns <= 0 || cells.Count == 0) return Children(block, indent);
        var output = new StringBuilder();
        for (var row = 0; row * columns < cells.Count; row++)
        {
            var texts = cells.Skip(row * columns).Take(columns)
                .Select(id => _blocks.TryGetValue(id, out var cell) ? Children(cell, "").Trim().Replace("\n\n", "<br>").Replace("\n", "<br>").Replace("|", "\\|") : "");
            output.Append(indent).Append("| ").Append(string.Join(" | ", texts)).Append(" |\n");
            if (row == 0) output.Append(indent).Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", columns))).Append('\n');
        }
        return output.ToString();
    }

    private static bool IsListItem(BlockWire block) => block.BlockType is 12 or 13 or 17;

    private static int StartOf(BlockWire block) =>
        int.TryParse(Style(block)?["sequence"]?.GetValue<string>(), out var start) && start > 0 ? start : 1;

    private static string Lines(string prefix, string text) => string.Join('\n', text.Split('\n').Select(line => prefix + line));

    /// <summary>The text payload's key is named after the block type: "text", "heading2", "bullet", ...</summary>
    private static JsonObject? TextPayload(BlockWire block) =>
        block.Payload.Select(p => p.Value as JsonObject).FirstOrDefault(p => p?["elements"] is JsonArray);

    private static JsonNode? Payload(BlockWire block, string key) => block.Payload[key];

    private static JsonNode? Style(BlockWire block) => TextPayload(block)?["style"];

    private static string PlainText(BlockWire block) =>
        string.Concat(TextPayload(block)?["elements"]?.AsArray().Select(e => e?["text_run"]?["content"]?.GetValue<string>() ?? "") ?? []);

    private string Inline(BlockWire block)
    {
        var output = new StringBuilder();
        foreach (var element in TextPayload(block)?["elements"]?.AsArray() ?? [])
        {
            if (element?["text_run"] is { } run) output.Append(Styled(run["content"]?.GetValue<string>() ?? "", run["text_element_style"]));
            else if (element?["equation"] is { } equation) output.Append('$').Append(equation["content"]?.GetValue<string>()?.TrimEnd('\n')).Append('$');
            else if (element?["mention_doc"] is { } doc)
                output.Append('[').Append(doc["title"]?.GetValue<string>()).Append("](").Append(Uri.UnescapeDataString(doc["url"]?.GetValue<string>() ?? "")).Append(')');
            else if (element?["mention_user"] is { } user) output.Append('@').Append(user["user_id"]?.GetValue<string>());
        }
        return output.ToString();
    }

    private static string Styled(string text, JsonNode? style)
    {
        if (style is null || text.Length == 0) return text;
        bool On(string name) => style[name]?.GetValue<bool>() == true;
        if (On("inline_code")) text = $"`{text}`";
        else
        {
            if (On("bold")) text = $"**{text}**";
            if (On("italic")) text = $"*{text}*";
            if (On("strikethrough")) text = $"~~{text}~~";
        }
        return style["link"]?["url"]?.GetValue<string>() is { Length: > 0 } url ? $"[{text}]({Uri.UnescapeDataString(url)})" : text;
    }
}
