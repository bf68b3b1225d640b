using Inkport.Conversion.Formats.Shared;
using Markdig;
using Markdig.Extensions.EmphasisExtras;

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

        var syntax = Markdig.Markdown.Parse(markdown, Pipeline);
        var warnings = new Warnings();
        var walker = new MarkdownWalker(options, warnings);
        var blocks = walker.Convert(syntax);
        var document = DocxLimits.Apply(blocks, walker.Media, options, warnings);
        return new DocxConversion(document, warnings.Codes);
    }
}
