using System.Text;
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

    /// <summary>Pages of at least this many bytes are first converted from prefixes.</summary>
    private readonly int _prefixThreshold;

    public HtmlConverter() : this(4 * 1024 * 1024) { }

    internal HtmlConverter(int prefixThreshold) => _prefixThreshold = prefixThreshold;

    public DocxConversion Convert(Stream source, ConversionOptions options)
    {
        var (bytes, length) = ReadAll(source, options.Cancellation);
        var (encoding, start) = HtmlEncoding.Detect(bytes.AsSpan(0, length));
        var data = bytes.AsSpan(start, length - start);
        options.Cancellation.ThrowIfCancellationRequested();

        if (data.Length >= _prefixThreshold && TryPrefixes(data, encoding, options, out var fromPrefix)) return fromPrefix;
        TryConvert(encoding.GetString(data).AsMemory(), options, out var whole, out _);
        return whole;
    }

    /// <summary>Bytes of page a block is first assumed to take: a little more than dense HTML takes
    /// (pandoc's about 90), so such pages need one prefix; sparser ones grow it once or twice.</summary>
    internal const int FirstPrefixBytesPerBlock = 128;

    /// <summary>Feishu keeps 20,000 blocks: on a big page they usually end long before the page does,
    /// and a prefix gives the same document whenever the walk stops at the block limit inside it
    /// (<see cref="TryConvert"/>). Only the prefix is decoded and parsed. The first is sized from the
    /// limit (at most a quarter of the page), the next from the blocks the one before gave, a quarter
    /// more, 1.5 to 4 times as long. Together they are at most half the page: a page none suffices for
    /// costs at most 1.5 parses.</summary>
    private static bool TryPrefixes(ReadOnlySpan<byte> data, Encoding encoding, ConversionOptions options, out DocxConversion conversion)
    {
        var maxBlocks = options.Limits.MaxBlocks;
        var budget = data.Length / 2L;
        var size = Math.Max(1, Math.Min((long)FirstPrefixBytesPerBlock * maxBlocks, data.Length / 4));
        while (size <= budget)
        {
            var text = DecodePrefix(data[..(int)size], encoding);
            var end = PrefixEnd(text);
            // A block takes at least two characters of markup ("<td>" is a cell and its paragraph),
            // so a shorter prefix cannot reach the limit.
            long blocks = 0;
            if (end > 2L * maxBlocks && TryConvert(text.AsMemory(0, end), options, out conversion, out blocks)) return true;
            budget -= size;
            var estimate = blocks > 0 ? size * maxBlocks / blocks * 5 / 4 : long.MaxValue;
            size = Math.Max(size + size / 2 + 1, Math.Min(estimate, size * 4));
            options.Cancellation.ThrowIfCancellationRequested();
        }
        conversion = null!;
        return false;
    }

    /// <summary>The characters the bytes decode to, without an incomplete character at the end
    /// (a decoder that is not flushed keeps it), so they are exactly the start of the page's text.</summary>
    internal static char[] DecodePrefix(ReadOnlySpan<byte> bytes, Encoding encoding)
    {
        var decoder = encoding.GetDecoder();
        var text = new char[decoder.GetCharCount(bytes, flush: false)];
        decoder.GetChars(bytes, text, flush: false);
        return text;
    }

    /// <summary>Converts <paramref name="html"/>; true when the walk stopped at the block limit, which
    /// makes the document that of any page <paramref name="html"/> is a prefix of (cut before a '&lt;'):
    /// the HTML5 tree builder never changes an element it has closed, and the walk only stops between
    /// elements it has seen the start of, having used only closed ones. <paramref name="blocks"/> is how
    /// many blocks the walk built.</summary>
    internal static bool TryConvert(ReadOnlyMemory<char> html, ConversionOptions options, out DocxConversion conversion, out long blocks)
    {
        var warnings = new Warnings();
        var walker = new HtmlWalker(options, warnings);
        List<Model.Block> built;
        using (var document = new HtmlParser(ParserOptions).ParseDocument(html))
        {
            options.Cancellation.ThrowIfCancellationRequested();
            built = walker.Convert(document);
        }
        blocks = 0;
        foreach (var block in built) blocks += DocxLimits.CountBlocks(block);
        conversion = new DocxConversion(DocxLimits.Apply(built, walker.Media, options, warnings), warnings.Codes);
        return walker.StoppedAtBlockLimit;
    }

    /// <summary>The end of a prefix: just before its last '&lt;', so no text token or character
    /// reference is cut.</summary>
    private static int PrefixEnd(char[] text)
    {
        var tag = Array.LastIndexOf(text, '<');
        return tag > 0 ? tag : text.Length;
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
