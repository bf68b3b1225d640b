using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Formats.Text;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>Word packages (.docx, and .docm: same WordprocessingML, the macros are ignored),
/// Transitional or Strict, into a block document. The package is opened from the zip
/// directly (<see cref="WordPackage"/>), styles and numbering are loaded, then the body is
/// streamed (<see cref="PartReader"/>); footnotes and endnotes referenced from the body follow
/// as a numbered section after a divider. Headers, footers and comments are not imported.
/// <para>The package is read with System.IO.Compression and XmlReader, not the Open XML SDK: one
/// code path for Transitional and Strict (SDK 2.x reads no Strict), inflation bounded part by part,
/// and under half the time of the SDK's bare OpenXmlReader pass over the same body (a fifth on
/// the bench docx, whose body is read only until the block limit is spent).</para>
/// <para><paramref name="htmlChunks"/> converts HTML altChunks; without one, their visible text is kept
/// (<see cref="AltChunkText"/>).</para></summary>
public sealed class WordConverter(IDocxConverter? htmlChunks = null) : IDocxConverter
{
    private const long MaxChunkBytes = 20L * 1024 * 1024;
    private const int MaxChunkNesting = 2;
    private const long MaxStylesBytes = 64L * 1024 * 1024;

    public DocxConversion Convert(Stream source, ConversionOptions options) => Convert(source, options, 0);

    private DocxConversion Convert(Stream source, ConversionOptions options, int chunkNesting)
    {
        // The zip directory is at the end: a forward-only stream is buffered first.
        if (!source.CanSeek)
        {
            var buffer = new MemoryStream();
            source.CopyTo(buffer);
            buffer.Position = 0;
            source = buffer;
        }
        using var package = WordPackage.Open(source);
        var main = package.MainPart;
        var warnings = new Warnings();
        var styles = new WordStyles(LoadSmall(package, package.RelatedPart(main, "styles")));
        var numbering = LoadNumbering(package, package.RelatedPart(main, "numbering"), styles);
        var context = new WordContext(package, styles, numbering, options, warnings, this, chunkNesting);

        PartReader.ReadDocument(context, main);
        if (!context.Stopped) AppendNotes(context, main);
        foreach (var code in context.LimitCodes) warnings.Add(code);
        return new DocxConversion(context.Output.Document(), warnings.Codes);
    }

    private static System.Xml.Linq.XDocument? LoadSmall(WordPackage package, string? part)
    {
        if (part is null) return null;
        using var stream = package.OpenPart(part, MaxStylesBytes);
        return stream is null ? null : WordPackage.Guard(part, () => WordXml.LoadSmall(stream));
    }

    private static WordNumbering LoadNumbering(WordPackage package, string? part, WordStyles styles)
    {
        if (part is null) return WordNumbering.Empty(styles);
        using var stream = package.OpenPart(part, MaxStylesBytes);
        return stream is null ? WordNumbering.Empty(styles) : WordPackage.Guard(part, () => WordNumbering.Read(stream, styles));
    }

    /// <summary>The notes the body referred to, in the order of their numbers: "[n] " then the note's
    /// content, after a divider.</summary>
    private static void AppendNotes(WordContext context, string main)
    {
        context.NotesClosed = true;
        if (context.Notes.Count == 0) return;
        var footnotes = Read(context, main, "footnotes", endnotes: false);
        var endnotes = Read(context, main, "endnotes", endnotes: true);
        var output = context.Output;
        output.Add(new Block { Type = BlockType.Divider });
        for (var i = 0; i < context.Notes.Count; i++)
        {
            var (endnote, id) = context.Notes[i];
            var content = (endnote ? endnotes : footnotes).GetValueOrDefault(id) ?? [];
            var marker = $"[{i + 1}] ";
            if (content.Count > 0 && content[0].Type == BlockType.Text && content[0].Elements is { } elements)
            {
                var builder = new TextElementBuilder();
                builder.Append(marker, TextElementStyle.Plain);
                var first = true;
                foreach (var element in elements)
                {
                    if (element.Kind == TextElementKind.Equation) builder.AppendEquation(element.Content, element.Style ?? TextElementStyle.Plain);
                    // Word separates the note mark from its text with a space of the note's own.
                    else builder.Append(first ? element.Content.TrimStart() : element.Content, element.Style ?? TextElementStyle.Plain);
                    first = false;
                }
                content[0] = content[0] with { Elements = builder.Take() };
            }
            else
            {
                content.Insert(0, Block.Paragraph(TextElement.Run(marker.TrimEnd())));
            }
            foreach (var block in content) output.Add(block);
        }
    }

    private static Dictionary<string, List<Block>> Read(WordContext context, string main, string relationship, bool endnotes)
    {
        var wanted = context.Notes.Where(n => n.Endnote == endnotes).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0 || context.Package.RelatedPart(main, relationship) is not { } part) return [];
        return PartReader.ReadNotes(context, part, wanted);
    }

    /// <summary>Converts an altChunk part with the converter for its content type and returns its
    /// blocks, its images added to the document's media. A chunk that cannot be read is left out.</summary>
    internal List<Block> ConvertChunk(WordContext context, string part)
    {
        var type = context.Package.ContentType(part)?.ToLowerInvariant() ?? "";
        var extension = Path.GetExtension(part).ToLowerInvariant();
        IDocxConverter? converter = type switch
        {
            "text/html" or "application/xhtml+xml" => htmlChunks ?? AltChunkText.Instance,
            "text/plain" => new TextConverter(),
            _ when type.Contains("wordprocessingml.document") || type.Contains("ms-word.document.macroenabled") =>
                context.ChunkNesting < MaxChunkNesting ? new NestedWord(this, context.ChunkNesting + 1) : null,
            "" => extension switch
            {
                ".htm" or ".html" or ".xhtml" => htmlChunks ?? AltChunkText.Instance,
                ".txt" => new TextConverter(),
                _ => null,
            },
            _ => null,
        };
        if (converter is null) return [];

        DocxConversion result;
        try
        {
            var bytes = context.Package.ReadPart(part, MaxChunkBytes);
            if (bytes is null) return [];
            result = converter.Convert(new MemoryStream(bytes, writable: false), context.Options with { FileName = part });
        }
        catch (ConversionException)
        {
            return [];
        }
        foreach (var code in result.Warnings) context.Warnings.Add(code);

        var indexes = new int?[result.Document.Media.Count];
        for (var i = 0; i < indexes.Length; i++) indexes[i] = context.AddMedia(result.Document.Media[i]);
        return Remap(result.Document.Blocks, indexes);
    }

    /// <summary>Blocks with their image indexes moved into the document's media; images whose media
    /// could not be kept are dropped.</summary>
    private static List<Block> Remap(IReadOnlyList<Block> blocks, int?[] indexes)
    {
        var remapped = new List<Block>(blocks.Count);
        foreach (var block in blocks)
        {
            var copy = block;
            if (block.Image is { } image)
            {
                if (image.MediaIndex < 0 || image.MediaIndex >= indexes.Length || indexes[image.MediaIndex] is not { } index) continue;
                copy = block with { Image = image with { MediaIndex = index } };
            }
            if (block.Children is { Count: > 0 } children) copy = copy with { Children = Remap(children, indexes) };
            remapped.Add(copy);
        }
        return remapped;
    }

    private sealed class NestedWord(WordConverter outer, int nesting) : IDocxConverter
    {
        public DocxConversion Convert(Stream source, ConversionOptions options) => outer.Convert(source, options, nesting);
    }
}
