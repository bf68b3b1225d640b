using System.Text.Json.Serialization;

namespace Inkport.Conversion.Model;

/// <summary>A block document as a converter produces it: a tree of blocks under an implicit page.
/// Ids are not part of the model; the domain assigns them when it stores the document.</summary>
public sealed record DocxDocument
{
    public IReadOnlyList<Block> Blocks { get; init; } = [];

    /// <summary>Images the blocks refer to by <see cref="ImageProperty.MediaIndex"/>.</summary>
    public IReadOnlyList<MediaItem> Media { get; init; } = [];
}

/// <summary>Feishu's block_type values (spec/05 §3) for the blocks an import can produce.</summary>
public enum BlockType
{
    Page = 1, Text = 2,
    Heading1 = 3, Heading2 = 4, Heading3 = 5, Heading4 = 6, Heading5 = 7,
    Heading6 = 8, Heading7 = 9, Heading8 = 10, Heading9 = 11,
    Bullet = 12, Ordered = 13, Code = 14, Quote = 15, Equation = 16, Todo = 17,
    Callout = 19, Divider = 22, File = 23, Image = 27, Table = 31, TableCell = 32,
    QuoteContainer = 34,
}

public static class BlockTypes
{
    public static BlockType Heading(int level) => (BlockType)((int)BlockType.Heading1 + Math.Clamp(level, 1, 9) - 1);

    /// <summary>Blocks whose payload is a text body (elements + style).</summary>
    public static bool HasText(BlockType type) => type is >= BlockType.Page and <= BlockType.Todo;
}

/// <summary>One block. Exactly the properties its <see cref="Type"/> uses are set.</summary>
public sealed record Block
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required BlockType Type { get; init; }

    /// <summary>Text body for text-like blocks (text, headings, lists, code, quote, todo).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public IReadOnlyList<TextElement>? Elements { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextBlockStyle? Style { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TableProperty? Table { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageProperty? Image { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CalloutProperty? Callout { get; init; }

    /// <summary>Nested blocks: list items under list items, cells under a table, content under a cell or quote.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public IReadOnlyList<Block>? Children { get; init; }

    public static Block Paragraph(params TextElement[] elements) => new() { Type = BlockType.Text, Elements = elements };
}

public enum TextElementKind { TextRun, Equation }

/// <summary>An inline piece of text: a styled run, or an equation (KaTeX source in <see cref="Content"/>).</summary>
public sealed record TextElement
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TextElementKind Kind { get; init; }

    public required string Content { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextElementStyle? Style { get; init; }

    public static TextElement Run(string content, TextElementStyle? style = null) => new() { Content = content, Style = style };
}

/// <summary>Inline style (spec/05 §4.3). Omitted booleans mean false.</summary>
public sealed record TextElementStyle
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Bold { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Italic { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Strikethrough { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Underline { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool InlineCode { get; init; }
    /// <summary>Link target, not URL-encoded (the wire encodes it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Link { get; init; }
    /// <summary>1–7, spec/05 §4.3.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? TextColor { get; init; }
    /// <summary>1–15, spec/05 §4.3.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? BackgroundColor { get; init; }

    [JsonIgnore] public bool IsPlain => this == Plain;
    public static readonly TextElementStyle Plain = new();
}

/// <summary>Block-level text style (spec/05 §4.1).</summary>
public sealed record TextBlockStyle
{
    /// <summary>1 left, 2 centre, 3 right.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Align { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Done { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Folded { get; init; }
    /// <summary>Code language, <see cref="CodeLanguages"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Language { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Wrap { get; init; }
    /// <summary>Ordered list numbering: "1" starts a list, "auto" continues, a number is explicit.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Sequence { get; init; }
}

/// <summary>Table geometry (spec/05 §5). Cells are the table block's children, row-major.</summary>
public sealed record TableProperty
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required int RowSize { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required int ColumnSize { get; init; }
    public required IReadOnlyList<int> ColumnWidth { get; init; }
    /// <summary>One entry per cell, row-major; a cell covered by another's span has spans of 1.</summary>
    public required IReadOnlyList<MergeInfo> MergeInfo { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool HeaderRow { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool HeaderColumn { get; init; }
}

public sealed record MergeInfo(int RowSpan, int ColSpan)
{
    public static readonly MergeInfo Single = new(1, 1);
}

/// <summary>An image; <see cref="MediaIndex"/> points into <see cref="DocxDocument.Media"/>.</summary>
public sealed record ImageProperty
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required int MediaIndex { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    /// <summary>1 left, 2 centre (default), 3 right.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Align { get; init; }
}

public sealed record CalloutProperty
{
    public int BackgroundColor { get; init; }
    public int BorderColor { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? EmojiId { get; init; }
}

/// <summary>Bytes of an embedded image, carried out of the converter for the domain to store.</summary>
public sealed record MediaItem(string FileName, string ContentType, byte[] Bytes);
