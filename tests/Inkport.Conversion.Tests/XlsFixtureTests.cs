using Inkport.Conversion.Formats.Xls;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>xls fixtures: <c>typed.xls</c> is LibreOffice's "MS Excel 97" export of
/// <c>Fixtures/xls-sources/typed.fods</c> (<c>soffice --headless --convert-to 'xls:MS Excel 97' typed.fods</c>);
/// the others are small corpus files under Apache-2.0 or MIT (BIFF2, BIFF3, BIFF5 Mac Central European,
/// Thai, CJK, a 1904-system workbook).</summary>
public sealed class XlsFixtureTests
{
    public static TheoryData<string> Files => FixtureFiles.Inputs("xls");

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_matches_expected_json(string file) => SpreadsheetFixtures.Verify(file, new XlsConverter());
}
