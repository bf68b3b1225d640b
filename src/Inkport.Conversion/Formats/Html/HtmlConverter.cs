using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using Inkport.Conversion.Formats.Shared;

namespace Inkport.Conversion.Formats.Html;

/// <summary>An HTML page into a block document: decode the bytes (<see cref="HtmlEncoding"/>),
/// parse with AngleSharp's HTML5 parser, one walk of the DOM (<see cref="HtmlWalker"/>), then the
/// docx limits. Nothing is fetched: the parser has no browsing context with loaders, and images
/// that are not data: URIs stay links. Never fails on content. Also the converter Word's altChunk
/// HTML parts go through.</summary>
public sealed class HtmlConverter : IDocxConverter
{
    /// <summary>Elements deeper than this are attached beside the deepest one by the parser (as
    /// browsers do), so no walk of the tree can overflow the stack; no text is lost.</summary>
    public const int MaxElementDepth = 256;

    private static readonly HtmlParserOptions ParserOptions = new()
    {
        MaximumDepth = MaxElementDepth,
        SkipComments = true,
        SkipScriptText = true,
        SkipProcessingInstructions = true,
        DisableElementPositionTracking = true,
        ShouldEmitAttribute = KeepAttribute,
    };

    public DocxConversion Convert(Stream source, ConversionOptions options)
    {
        var (bytes, length) = ReadAll(source, options.Cancellation);
        var html = HtmlEncoding.Decode(bytes, length);
        options.Cancellation.ThrowIfCancellationRequested();

        using var document = new HtmlParser(ParserOptions).ParseDocument(html);
        options.Cancellation.ThrowIfCancellationRequested();

        var warnings = new Warnings();
        var walker = new HtmlWalker(options, warnings);
        var blocks = walker.Convert(document);
        return new DocxConversion(DocxLimits.Apply(blocks, walker.Media, options, warnings), warnings.Codes);
    }

    /// <summary>Only the attributes the walk reads are kept: the DOM of a big page is smaller and
    /// built faster without every class list, id and data-* value.</summary>
    private static bool KeepAttribute(ref StructHtmlToken token, ReadOnlyMemory<char> name) => name.Span switch
    {
        "style" or "href" or "src" or "alt" or "width" or "height" or "colspan" or "rowspan" or "span"
            or "start" or "value" or "type" or "checked" or "align" or "color" or "class" or "hidden"
            or "data-lang" or "data-language" => true,
        _ => false,
    };

    private static (byte[] Bytes, int Length) ReadAll(Stream source, CancellationToken cancellation)
    {
        var buffer = new byte[source.CanSeek ? (int)Math.Clamp(source.Length - source.Position, 0, Array.MaxLength) + 1 : 64 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length) Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
            var read = source.Read(buffer, length, buffer.Length - length);
            if (read == 0) return (buffer, length);
            length += read;
            cancellation.ThrowIfCancellationRequested();
        }
    }
}
