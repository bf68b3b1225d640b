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

    public DocxConversion Convert(Stream source, ConversionOptions options)
    {
        string markdown;
        using (var reader = TextDecoding.OpenReader(source, out _)) markdown = reader.ReadToEnd();
        options.Cancellation.ThrowIfCancellationRequested();

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
            // Markdig refuses nesting deeper than its MaximumNestingDepth (128). A text format never fails on content:
            // such input is imported as the plain text it is.
            var paragraphs = TextConverter.ReadParagraphs(new StringReader(markdown), options, warnings);
            return new DocxConversion(DocxLimits.Apply(paragraphs, [], options, warnings), warnings.Codes);
        }
        var document = new MarkdownWalker(options, warnings).Convert(syntax);
        return new DocxConversion(document, warnings.Codes);
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
