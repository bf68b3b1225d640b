using System.Buffers;
using System.Text.Json;
using Inkport.Conversion.Model;

namespace Inkport.Core.Documents;

/// <summary>Writes a part of <see cref="StoredBlock"/>s (a JSON array) by hand, byte for byte what
/// <see cref="PartJson"/> writes (a test holds the two together) and reads back. An import stores 20,000
/// blocks: the serialiser's per-call state and polymorphic converters cost several times the JSON itself.
/// Not thread-safe: one per document being saved.</summary>
internal sealed class BlockPartWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private bool _open;

    public BlockPartWriter() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = PartJson.Encoder, SkipValidation = true });

    /// <summary>Appends a block to the part being written.</summary>
    public void Add(StoredBlock stored)
    {
        if (!_open)
        {
            _json.WriteStartArray();
            _open = true;
        }
        _json.WriteStartObject();
        _json.WriteString("BlockId", stored.BlockId);
        _json.WriteString("ParentId", stored.ParentId);
        _json.WriteStartArray("Children");
        foreach (var child in stored.Children) _json.WriteStringValue(child);
        _json.WriteEndArray();
        _json.WritePropertyName("Block");
        WriteBlock(stored.Block);
        if (stored.ImageToken is { } token) _json.WriteString("ImageToken", token);
        _json.WriteEndObject();
    }

    /// <summary>The part of the blocks added since the last one.</summary>
    public byte[] TakeArray()
    {
        if (!_open) _json.WriteStartArray();
        _json.WriteEndArray();
        _json.Flush();
        var part = _buffer.WrittenSpan.ToArray();
        _buffer.ResetWrittenCount();
        _json.Reset();
        _open = false;
        return part;
    }

    private void WriteBlock(Block block)
    {
        _json.WriteStartObject();
        _json.WriteString("Type", block.Type.ToString());
        if (block.Elements is { } elements)
        {
            _json.WriteStartArray("Elements");
            foreach (var element in elements) WriteElement(element);
            _json.WriteEndArray();
        }
        if (block.Style is { } style) WriteBlockStyle(style);
        if (block.Table is { } table) WriteTable(table);
        if (block.Image is { } image)
        {
            _json.WriteStartObject("Image");
            _json.WriteNumber("MediaIndex", image.MediaIndex);
            if (image.Width != 0) _json.WriteNumber("Width", image.Width);
            if (image.Height != 0) _json.WriteNumber("Height", image.Height);
            if (image.Align != 0) _json.WriteNumber("Align", image.Align);
            _json.WriteEndObject();
        }
        if (block.Callout is { } callout)
        {
            _json.WriteStartObject("Callout");
            if (callout.BackgroundColor != 0) _json.WriteNumber("BackgroundColor", callout.BackgroundColor);
            if (callout.BorderColor != 0) _json.WriteNumber("BorderColor", callout.BorderColor);
            if (callout.EmojiId is { } emoji) _json.WriteString("EmojiId", emoji);
            _json.WriteEndObject();
        }
        if (block.Children is { } children)
        {
            _json.WriteStartArray("Children");
            foreach (var child in children) WriteBlock(child);
            _json.WriteEndArray();
        }
        _json.WriteEndObject();
    }

    private void WriteElement(TextElement element)
    {
        _json.WriteStartObject();
        if (element.Kind != default) _json.WriteString("Kind", element.Kind.ToString());
        _json.WriteString("Content", element.Content);
        if (element.Style is { } style)
        {
            _json.WriteStartObject("Style");
            if (style.Bold) _json.WriteBoolean("Bold", true);
            if (style.Italic) _json.WriteBoolean("Italic", true);
            if (style.Strikethrough) _json.WriteBoolean("Strikethrough", true);
            if (style.Underline) _json.WriteBoolean("Underline", true);
            if (style.InlineCode) _json.WriteBoolean("InlineCode", true);
            if (style.Link is { } link) _json.WriteString("Link", link);
            if (style.TextColor is { } color) _json.WriteNumber("TextColor", color);
            if (style.BackgroundColor is { } background) _json.WriteNumber("BackgroundColor", background);
            _json.WriteEndObject();
        }
        _json.WriteEndObject();
    }

    private void WriteBlockStyle(TextBlockStyle style)
    {
        _json.WriteStartObject("Style");
        if (style.Align is { } align) _json.WriteNumber("Align", align);
        if (style.Done is { } done) _json.WriteBoolean("Done", done);
        if (style.Folded is { } folded) _json.WriteBoolean("Folded", folded);
        if (style.Language is { } language) _json.WriteNumber("Language", language);
        if (style.Wrap is { } wrap) _json.WriteBoolean("Wrap", wrap);
        if (style.Sequence is { } sequence) _json.WriteString("Sequence", sequence);
        _json.WriteEndObject();
    }

    private void WriteTable(TableProperty table)
    {
        _json.WriteStartObject("Table");
        _json.WriteNumber("RowSize", table.RowSize);
        _json.WriteNumber("ColumnSize", table.ColumnSize);
        if (table.ColumnWidth is { } widths)
        {
            _json.WriteStartArray("ColumnWidth");
            foreach (var width in widths) _json.WriteNumberValue(width);
            _json.WriteEndArray();
        }
        if (table.MergeInfo is { } merges)
        {
            _json.WriteStartArray("MergeInfo");
            foreach (var merge in merges)
            {
                _json.WriteStartObject();
                if (merge.RowSpan != 0) _json.WriteNumber("RowSpan", merge.RowSpan);
                if (merge.ColSpan != 0) _json.WriteNumber("ColSpan", merge.ColSpan);
                _json.WriteEndObject();
            }
            _json.WriteEndArray();
        }
        if (table.HeaderRow) _json.WriteBoolean("HeaderRow", true);
        if (table.HeaderColumn) _json.WriteBoolean("HeaderColumn", true);
        _json.WriteEndObject();
    }
}
