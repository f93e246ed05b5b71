using StudioCmdlets.Client;
using StudioCmdlets.Listing;

namespace StudioCmdlets.Tests;

/// <summary>
/// The one contact-address rule (Address), for sending and for matching: what New-StudioExecution sends is what
/// -ContactAddress finds, however the number was typed or pasted.
/// </summary>
public sealed class AddressTests
{
    private const string NoBreak = "\u00A0", ZeroWidth = "\u200B";

    [Theory]
    [InlineData("+1 (415) 555-0123", "+14155550123")]
    [InlineData("1-415-555-0123", "+14155550123")]
    [InlineData("WhatsApp:+1 415 555 0123", "whatsapp:+14155550123")]
    [InlineData("+1" + NoBreak + "415" + NoBreak + "555" + NoBreak + "0123", "+14155550123")]
    [InlineData(ZeroWidth + "+14155550123" + ZeroWidth, "+14155550123")]
    [InlineData("+6834002", "+6834002")] // Niue: 7 digits, the shortest E.164 numbers in use
    [InlineData("client:guest-a1b2c3", "client:guest-a1b2c3")]
    public void Sends_a_number_as_Studio_keys_it(string typed, string sent)
    {
        Assert.Equal(sent, Address.Normalize(typed, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("415-555-0123", "country code")]
    [InlineData("+123456", "7 to 15 digits")]
    [InlineData("+1234567890123456", "7 to 15 digits")]
    public void Refuses_a_number_it_would_have_to_guess(string typed, string why)
    {
        Assert.Null(Address.Normalize(typed, out var problem));
        Assert.Contains(why, problem);
    }

    [Theory]
    [InlineData("+1" + NoBreak + "415" + NoBreak + "555" + NoBreak + "0123")]
    [InlineData(ZeroWidth + "+14155550123")]
    [InlineData("+6834002")]
    [InlineData("WhatsApp:+1 415 555 0123")]
    [InlineData("client:guest-a1b2c3")]
    public void Matches_what_it_sent_however_it_was_typed(string typed)
    {
        var sent = Address.Normalize(typed, out _)!;
        Assert.True(new ContactPattern(typed).IsMatch(sent), $"'{typed}' sends {sent} and must find it");
    }

    [Theory]
    [InlineData("+14155550123", "whatsapp:+14155550123", true)]  // a bare number: every channel's form
    [InlineData("whatsapp:+14155550123", "+14155550123", false)] // a channel: that channel only
    [InlineData("whatsapp:+14155550123", "WHATSAPP:+14155550123", true)]
    [InlineData("4155550123", "+14155550123", true)]             // ten digits: tried as North American
    [InlineData("+4155550123", "+14155550123", false)]           // but not when typed with +
    [InlineData("CLIENT:Guest-A1B2C3", "client:guest-a1b2c3", true)]
    [InlineData("client:guest-a1b2c3", "client:guest-a1b2c4", false)]
    [InlineData("*0123", "+14155550123", true)]
    public void Matches_the_same_contact_and_no_other(string wanted, string address, bool same)
        => Assert.Equal(same, new ContactPattern(wanted).IsMatch(address));
}
