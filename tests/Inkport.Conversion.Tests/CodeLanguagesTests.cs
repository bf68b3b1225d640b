using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

public sealed class CodeLanguagesTests
{
    [Theory]
    [InlineData("js", 30)] [InlineData("JavaScript", 30)] [InlineData("ts", 63)] [InlineData("typescript", 63)]
    [InlineData("sh", 7)] [InlineData("bash", 7)] [InlineData("zsh", 60)] [InlineData("shell", 60)]
    [InlineData("c++", 9)] [InlineData("cpp", 9)] [InlineData("cxx", 9)] [InlineData("c", 10)]
    [InlineData("cs", 8)] [InlineData("csharp", 8)] [InlineData("C#", 8)]
    [InlineData("py", 49)] [InlineData("python", 49)] [InlineData("rb", 52)]
    [InlineData("go", 22)] [InlineData("golang", 22)] [InlineData("rs", 53)] [InlineData("rust", 53)]
    [InlineData("kt", 32)] [InlineData("yml", 67)] [InlineData("yaml", 67)] [InlineData("json", 28)]
    [InlineData("html", 24)] [InlineData("xml", 66)] [InlineData("sql", 56)] [InlineData("md", 39)]
    [InlineData("dockerfile", 18)] [InlineData("makefile", 38)] [InlineData("diff", 69)] [InlineData("patch", 69)]
    [InlineData("tex", 33)] [InlineData("latex", 33)] [InlineData("objc", 41)] [InlineData("ps1", 46)]
    [InlineData("powershell", 46)] [InlineData("proto", 48)] [InlineData("toml", 75)] [InlineData("ini", 73)]
    [InlineData("graphql", 71)] [InlineData("glsl", 72)] [InlineData("sol", 74)] [InlineData("logo", 35)]
    [InlineData("lua", 36)] [InlineData("lisp", 34)] [InlineData("cmake", 68)] [InlineData("gherkin", 70)]
    [InlineData("language-python", 49)] [InlineData("lang-rust", 53)] [InlineData("{.haskell}", 27)]
    [InlineData("python {linenos=true}", 49)]
    [InlineData(null, 1)] [InlineData("", 1)] [InlineData("brainfuck", 1)] [InlineData("text", 1)]
    public void Fence_names_resolve_to_the_official_numbers(string? name, int expected) =>
        Assert.Equal(expected, CodeLanguages.Resolve(name));

    [Fact]
    public void Enum_has_the_official_numbering_with_logo()
    {
        Assert.Equal(75, Enum.GetValues<CodeLanguage>().Length);
        Assert.Equal(35, (int)CodeLanguage.Logo);
        Assert.Equal(36, (int)CodeLanguage.Lua);
        Assert.Equal(75, (int)CodeLanguage.TOML);
    }
}
