using Inkport.Conversion.Formats.Csv;

namespace Inkport.Conversion.Tests;

public sealed class CsvFixtureTests
{
    public static TheoryData<string> Files => SpreadsheetFixtures.Inputs("csv", "*.csv");

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_matches_expected_json(string file) => SpreadsheetFixtures.Verify("csv", file, new CsvConverter());
}
