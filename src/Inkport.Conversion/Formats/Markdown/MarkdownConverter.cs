using Inkport.Conversion.Formats.Shared;
using Markdig;
using Inkport.Conversion.Formats.Text;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;

namespace Inkport.Conversion.Formats.Markdown;

/// <summary>CommonMark + GFM Markdown into a block document, through Markdig: parse once, then
/// one walk of the syntax tree (<see cref="MarkdownWalker"/>). Never fails on content.</summary>
public sealed class MarkdownConverter : IDocxConverter
{
    /// <summary>Built once; Markdig pipelines are safe to share between parses.</summary>
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UseAlertBlocks()
        .UsePipeTables()
        // Only ~~strike~~ of the extras: ~sub~, ^sup^, ++ins++ and ==mark== are not GFM.
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseTaskLists()
        .UseAutoLinks()
        .UseFootnotes()
        .UseMathematics()
        .Build();

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
        }
        catch (ArgumentException)
        {
            // Markdig refuses nesting deeper than its MaximumNestingDepth (128). A text format never fails on content:
            // such input is imported as the plain text it is.
            var paragraphs = TextConverter.ReadParagraphs(new StringReader(markdown), options, warnings);
            return new DocxConversion(DocxLimits.Apply(paragraphs, [], options, warnings), warnings.Codes);
        }
        var walker = new MarkdownWalker(options, warnings);
        var blocks = walker.Convert(syntax);
        var document = DocxLimits.Apply(blocks, walker.Media, options, warnings);
        return new DocxConversion(document, warnings.Codes);
    }
}
