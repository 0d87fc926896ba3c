using HeapLedger.Fleet.Identity;

namespace HeapLedger.Fleet.Tests;

public sealed class TokenTests
{
    [Fact]
    public void ATokenIs32RandomBytesInBase64Url()
    {
        var token = Tokens.New();
        Assert.Equal(43, token.Length);
        Assert.True(Tokens.LooksLikeToken(token));
        Assert.Equal(32, Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.NotEqual(token, Tokens.New());
    }

    [Fact]
    public void TheStoredHashIsTheSha256OfTheTokenText()
    {
        // sha256("abc"), the FIPS 180-2 example
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Tokens.Hash("abc"));
        var token = Tokens.New();
        Assert.Equal(Tokens.Hash(token), Tokens.Hash(token));
        Assert.DoesNotContain(token, Tokens.Hash(token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    public void TextWithoutATokensShapeIsNotLookedUp(string text) => Assert.False(Tokens.LooksLikeToken(text));

    [Theory]
    [InlineData("dev-001", null)]
    [InlineData("dev:864475044203262", null)]
    [InlineData("", "it is empty")]
    [InlineData("-lead", "it must start with a letter or a digit")]
    [InlineData("has space", "character 4 is not a letter, a digit or one of . _ : @ -")]
    [InlineData("a/b", "character 2 is not a letter, a digit or one of . _ : @ -")]
    public void DeviceIdsAreShortAndNeedNoEscaping(string id, string? problem) => Assert.Equal(problem, DeviceIds.Problem(id));

    [Fact]
    public void ACallerMayPostForItselfAndAHubForAnyDevice()
    {
        Assert.True(Caller.Device("a").MayPostFor("a"));
        Assert.False(Caller.Device("a").MayPostFor("b"));
        Assert.True(Caller.Hub("gw").MayPostFor("b"));
    }
}
