using Inkport.Conversion.Formats.Shared;
using Markdig;
using Inkport.Conversion.Formats.Text;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace Inkport.Conversion.Formats.Markdown;

/// <summary>CommonMark + GFM Markdown into a block document, through Markdig: parse once, then
/// one walk of the syntax tree (<see cref="MarkdownWalker"/>). Never fails on content.</summary>
public sealed class MarkdownConverter : IDocxConverter
{
    /// <summary>Built once; Markdig pipelines are safe to share between parses.</summary>
    private static readonly MarkdownPipeline Pipeline = Build(frontMatter: true);

    /// <summary>For a document whose leading "---" block is not front matter after all.</summary>
    private static readonly MarkdownPipeline PipelineWithoutFrontMatter = Build(frontMatter: false);

    private static MarkdownPipeline Build(bool frontMatter)
    {
        var builder = new MarkdownPipelineBuilder();
        if (frontMatter) builder.UseYamlFrontMatter();
        return builder
            .UseAlertBlocks()
            .UsePipeTables()
            // GFM strikes through text between one or two tildes: Markdig's one-tilde "subscript" is read as
            // strikethrough by the walker. ^sup^, ++ins++ and ==mark== are not GFM.
            .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough | EmphasisExtraOptions.Subscript)
            .UseTaskLists()
            .UseAutoLinks()
            .UseFootnotes()
            .UseMathematics()
            .Build();
    }

    /// <summary>Documents at least this long (UTF-16 code units) try a prefix first.</summary>
    private readonly int _prefixThreshold;

    public MarkdownConverter() : this(1024 * 1024) { }

    internal MarkdownConverter(int prefixThreshold) => _prefixThreshold = prefixThreshold;

    public DocxConversion Convert(Stream source, ConversionOptions options)
    {
        string markdown;
        using (var reader = TextDecoding.OpenReader(source, out _)) markdown = reader.ReadToEnd();
        options.Cancellation.ThrowIfCancellationRequested();

        if (markdown.Length >= _prefixThreshold && FromPrefix(markdown, options) is { } fromPrefix) return fromPrefix;
        return Convert(markdown, options, prefixOf: null, out _)!;
    }

    /// <summary>A sample this long (UTF-16 code units) sizes the prefix.</summary>
    private const int SampleLength = 256 * 1024;

    /// <summary>Feishu keeps 20,000 blocks: a long document usually reaches them well before its end, and parsing
    /// is most of the work (and of the memory). A prefix cut at a blank line gives the whole document's result
    /// when the walk filled the block budget before the prefix's last top-level block (the only one the cut can
    /// change: CommonMark never reopens a closed block) and no link reference or footnote definition after the
    /// cut is one the text the walk used may refer to. The prefix is as long as the sample's text per block says
    /// the budget takes, and a quarter more; null when it is not the answer (the whole text is parsed then).</summary>
    private static DocxConversion? FromPrefix(string markdown, ConversionOptions options)
    {
        var sampleEnd = PrefixEnd(markdown, Math.Min(SampleLength, markdown.Length / 4));
        if (sampleEnd <= 0) return null;
        if (Convert(markdown[..sampleEnd], options, prefixOf: markdown, out var sampleBlocks) is { } fromSample) return fromSample;
        var wanted = (double)sampleEnd / Math.Max(sampleBlocks, 1) * options.Limits.MaxBlocks * 1.25;
        // A prefix of more than half the text saves little over parsing it all, and costs the parse if it fails.
        if (wanted > markdown.Length / 2) return null;
        var end = PrefixEnd(markdown, Math.Max((int)wanted, sampleEnd));
        return end > 0 ? Convert(markdown[..end], options, prefixOf: markdown, out _) : null;
    }

    /// <summary>The conversion of <paramref name="markdown"/>; for a prefix of <paramref name="prefixOf"/>, null
    /// unless it is the whole document's. <paramref name="blocksKept"/>: the blocks the walk kept.</summary>
    private static DocxConversion? Convert(string markdown, ConversionOptions options, string? prefixOf, out int blocksKept)
    {
        blocksKept = 0;
        var warnings = new Warnings();
        MarkdownDocument syntax;
        try
        {
            syntax = Markdig.Markdown.Parse(markdown, Pipeline);
            if (syntax.Count > 0 && syntax[0] is YamlFrontMatterBlock frontMatter && !IsMapping(frontMatter))
                syntax = Markdig.Markdown.Parse(markdown, PipelineWithoutFrontMatter);
        }
        catch (ArgumentException)
        {
            if (prefixOf is not null) return null;
            // Markdig refuses nesting deeper than its MaximumNestingDepth (128). A text format never fails on content:
            // such input is imported as the plain text it is.
            var paragraphs = TextConverter.ReadParagraphs(new StringReader(markdown), options, warnings);
            return new DocxConversion(DocxLimits.Apply(paragraphs, [], options, warnings), warnings.Codes);
        }
        var walker = new MarkdownWalker(options, warnings);
        var document = walker.Convert(syntax);
        blocksKept = walker.BlocksKept;
        if (prefixOf is not null)
        {
            if (walker.StoppedAfter is not { } last || last >= syntax.Count - 1) return null;
            var used = syntax[last].Span.End is var blockEnd && blockEnd >= 0 ? Math.Min(blockEnd + 1, markdown.Length) : markdown.Length;
            if (Definitions.Escape(prefixOf, markdown.Length, used)) return null;
        }
        return new DocxConversion(document, warnings.Codes);
    }

    /// <summary>Just after the first blank line at or after <paramref name="from"/>; 0 when there is none.</summary>
    private static int PrefixEnd(string markdown, int from)
    {
        for (var at = markdown.IndexOf('\n', from); at >= 0 && at + 1 < markdown.Length; at = markdown.IndexOf('\n', at + 1))
        {
            var next = at + 1;
            while (next < markdown.Length && markdown[next] is ' ' or '\t' or '\r') next++;
            if (next < markdown.Length && markdown[next] == '\n') return next + 1;
        }
        return 0;
    }

    /// <summary>Front matter is a YAML mapping (Jekyll, Hugo, GitHub): at least one "key:" line. Anything else
    /// between two "---" lines is Markdown (a divider, then setext headings).</summary>
    private static bool IsMapping(YamlFrontMatterBlock frontMatter)
    {
        var lines = frontMatter.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines.Lines[i].Slice.AsSpan();
            var colon = text.IndexOf(':');
            if (colon > 0 && text[0] is not (' ' or '\t' or '#' or '-') && (colon + 1 == text.Length || text[colon + 1] is ' ' or '\t'))
                return true;
        }
        return false;
    }
}
