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

    /// <summary>Pages at least this long (UTF-16 code units) are first converted from a prefix.</summary>
    private readonly int _prefixThreshold;

    public HtmlConverter() : this(4 * 1024 * 1024) { }

    internal HtmlConverter(int prefixThreshold) => _prefixThreshold = prefixThreshold;

    public DocxConversion Convert(Stream source, ConversionOptions options)
    {
        var (bytes, length) = ReadAll(source, options.Cancellation);
        var html = HtmlEncoding.Decode(bytes, length);
        options.Cancellation.ThrowIfCancellationRequested();

        // Feishu keeps 20,000 blocks: on a big page they usually end long before the page does.
        // Parsing a quarter first gives the same document whenever the block limit stops the walk
        // there: the HTML5 tree builder never changes an element it has closed, and the walk only
        // stops between elements it has seen the start of, having used only closed ones.
        // A block takes at least two characters of markup ("<td>" is a cell and its paragraph), so
        // a prefix shorter than twice the limit cannot reach it.
        var prefixLength = html.Length / 4;
        if (html.Length >= _prefixThreshold && prefixLength > 2L * options.Limits.MaxBlocks
            && Convert(html[..PrefixEnd(html, prefixLength)], options, out var fromPrefix))
            return fromPrefix;
        Convert(html, options, out var whole);
        return whole;
    }

    /// <summary>Converts <paramref name="html"/>; true when the walk stopped at the block limit.</summary>
    private static bool Convert(string html, ConversionOptions options, out DocxConversion conversion)
    {
        var warnings = new Warnings();
        var walker = new HtmlWalker(options, warnings);
        List<Model.Block> blocks;
        using (var document = new HtmlParser(ParserOptions).ParseDocument(html))
        {
            options.Cancellation.ThrowIfCancellationRequested();
            blocks = walker.Convert(document);
        }
        conversion = new DocxConversion(DocxLimits.Apply(blocks, walker.Media, options, warnings), warnings.Codes);
        return walker.StoppedAtBlockLimit;
    }

    /// <summary>The end of a prefix: just before a '&lt;' at or before <paramref name="length"/>,
    /// so no text token or character reference is cut.</summary>
    private static int PrefixEnd(string html, int length)
    {
        var tag = html.LastIndexOf('<', length);
        return tag > 0 ? tag : length;
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
