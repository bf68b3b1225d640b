using System.Text.Json.Nodes;
using Inkport.Contracts;
using Inkport.Conversion.Model;
using Inkport.Core.Documents;

namespace Inkport.Server.Apis.Docx;

/// <summary>A stored block in the wire shape of spec/05 §2–§6: one payload key named after the block type.</summary>
public static class BlockWires
{
    public static BlockWire From(StoredBlock stored)
    {
        var block = stored.Block;
        return new BlockWire(stored.BlockId, stored.ParentId, stored.Children.Count > 0 ? stored.Children : null, (int)block.Type,
            new JsonObject { [PayloadKey(block.Type)] = Payload(stored) });
    }

    public static string PayloadKey(BlockType type) => type switch
    {
        BlockType.Page => "page",
        BlockType.Text => "text",
        >= BlockType.Heading1 and <= BlockType.Heading9 => $"heading{type - BlockType.Heading1 + 1}",
        BlockType.Bullet => "bullet",
        BlockType.Ordered => "ordered",
        BlockType.Code => "code",
        BlockType.Quote => "quote",
        BlockType.Equation => "equation",
        BlockType.Todo => "todo",
        BlockType.Callout => "callout",
        BlockType.Divider => "divider",
        BlockType.File => "file",
        BlockType.Image => "image",
        BlockType.Table => "table",
        BlockType.TableCell => "table_cell",
        BlockType.QuoteContainer => "quote_container",
        _ => "undefined",
    };

    private static JsonObject Payload(StoredBlock stored)
    {
        var block = stored.Block;
        if (BlockTypes.HasText(block.Type)) return TextBody(block);
        return block.Type switch
        {
            BlockType.Table when block.Table is { } table => new JsonObject
            {
                ["cells"] = new JsonArray(stored.Children.Select(id => (JsonNode?)id).ToArray()),
                ["property"] = new JsonObject
                {
                    ["row_size"] = table.RowSize,
                    ["column_size"] = table.ColumnSize,
                    ["column_width"] = new JsonArray(table.ColumnWidth.Select(w => (JsonNode?)w).ToArray()),
                    ["merge_info"] = new JsonArray(table.MergeInfo.Select(m => (JsonNode?)new JsonObject { ["row_span"] = m.RowSpan, ["col_span"] = m.ColSpan }).ToArray()),
                    ["header_row"] = table.HeaderRow,
                    ["header_column"] = table.HeaderColumn,
                },
            },
            BlockType.Image when block.Image is { } image => new JsonObject
            {
                ["token"] = stored.ImageToken ?? "",
                ["width"] = image.Width,
                ["height"] = image.Height,
                ["align"] = image.Align == 0 ? 2 : image.Align,
            },
            BlockType.Callout when block.Callout is { } callout => Callout(callout),
            _ => new JsonObject(),
        };
    }

    private static JsonObject Callout(CalloutProperty callout)
    {
        var payload = new JsonObject { ["background_color"] = callout.BackgroundColor, ["border_color"] = callout.BorderColor };
        if (callout.EmojiId is not null) payload["emoji_id"] = callout.EmojiId;
        return payload;
    }

    private static JsonObject TextBody(Block block)
    {
        var style = new JsonObject { ["align"] = block.Style?.Align ?? 1, ["folded"] = block.Style?.Folded ?? false };
        if (block.Style is { } s)
        {
            if (s.Done is { } done) style["done"] = done;
            if (s.Language is { } language) style["language"] = language;
            if (s.Wrap is { } wrap) style["wrap"] = wrap;
            if (s.Sequence is { } sequence) style["sequence"] = sequence;
        }
        if (block.Type == BlockType.Todo && !style.ContainsKey("done")) style["done"] = false;
        var elements = new JsonArray();
        foreach (var element in block.Elements ?? [])
        {
            var content = new JsonObject { ["content"] = element.Content, ["text_element_style"] = ElementStyle(element.Style) };
            elements.Add(new JsonObject { [element.Kind == TextElementKind.Equation ? "equation" : "text_run"] = content });
        }
        return new JsonObject { ["style"] = style, ["elements"] = elements };
    }

    /// <summary>05 §4.3: the five booleans always, a link URL-encoded, colours when set.</summary>
    private static JsonObject ElementStyle(TextElementStyle? style)
    {
        style ??= TextElementStyle.Plain;
        var json = new JsonObject
        {
            ["bold"] = style.Bold,
            ["inline_code"] = style.InlineCode,
            ["italic"] = style.Italic,
            ["strikethrough"] = style.Strikethrough,
            ["underline"] = style.Underline,
        };
        if (style.Link is { } link) json["link"] = new JsonObject { ["url"] = Uri.EscapeDataString(link) };
        if (style.TextColor is { } color) json["text_color"] = color;
        if (style.BackgroundColor is { } background) json["background_color"] = background;
        return json;
    }
}
