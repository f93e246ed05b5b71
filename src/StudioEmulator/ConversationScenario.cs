namespace StudioEmulator;

/// <summary>
/// The other half of the blackout: conversations that hold a contact's address, each with its ground truth. Stranded
/// (no agent, no open task, no Studio webhook, not parked; some active, some inactive, some whose task was canceled),
/// live (a customer queued on a pending task for hours, or an agent in it), parked (its interaction channel inactive: a
/// reply makes a task by design), waiting (a close timer due within the hour), in a flow (a Studio webhook) and closed.
/// Some stranded conversations hold a contact a stranded execution also blocks: the two halves at once.
/// </summary>
internal static class ConversationScenario
{
    // One in five stranded (the benchmark's 1,000 of 5,000), the rest of every other kind, closed ones the most common.
    private static readonly string[] Kinds = { "stranded", "live", "parked", "waiting", "inflow", "closed", "live", "closed", "stranded", "closed" };

    public static void Load(ConversationStore cs, Store studio, int count, int seed)
    {
        if (count <= 0) return;
        var rng = new Random(seed * 31 + 7);
        var now = cs.Now;
        // Contacts a stranded execution blocks: the first stranded conversations take theirs.
        var blocked = new Queue<string>(studio.ActiveExecutions().Where(e => e.Truth == "stranded" && e.ContactAddress.StartsWith('+')).Select(e => e.ContactAddress).Distinct().Take(Math.Max(1, count / 10)));
        var flowSid = studio.ActiveExecutions().Select(e => e.FlowSid).FirstOrDefault() ?? Sids.Derive("FW", cs.AccountSid + "/conversation-flow");
        lock (cs.Lock)
        {
            cs.Workers.Add(new Worker(cs.NextSid("WK"), "Alice", "alice"));
            cs.Workers.Add(new Worker(cs.NextSid("WK"), "Bob", "bob"));
            // The numbers customers write to: SMS and WhatsApp auto-create conversations into a Studio flow, a second
            // number into a webhook, and a third is configured but switched off.
            var listed = studio.ListFlows(50, null).Items;
            var sms = listed.FirstOrDefault(f => f.FriendlyName.Contains("SMS", StringComparison.Ordinal))?.Sid ?? flowSid;
            var chat = listed.FirstOrDefault(f => f.FriendlyName.Contains("chat", StringComparison.OrdinalIgnoreCase))?.Sid ?? sms;
            var made = now - TimeSpan.FromDays(200);
            cs.Addresses.Add(new AddressConfiguration(cs.NextSid("IG"), ConversationStore.ProxyNumber, "sms", "Support SMS", true, "studio", sms, null, cs.ChatServiceSid, made));
            cs.Addresses.Add(new AddressConfiguration(cs.NextSid("IG"), "whatsapp:" + ConversationStore.ProxyNumber, "whatsapp", "Support WhatsApp", true, "studio", chat, null, cs.ChatServiceSid, made));
            cs.Addresses.Add(new AddressConfiguration(cs.NextSid("IG"), "+15005550007", "sms", "Order updates", true, "webhook", null, "https://example.com/inbound", cs.ChatServiceSid, made));
            cs.Addresses.Add(new AddressConfiguration(cs.NextSid("IG"), "+15005550008", "sms", "Old campaign", false, "default", null, null, cs.ChatServiceSid, made));
            for (var i = 0; i < count; i++)
            {
                var kind = Kinds[i % Kinds.Length];
                var created = now - TimeSpan.FromMinutes(90 + rng.Next(60 * 24 * 3));
                var c = cs.Add(created, kind, $"Conversation {i + 1}");
                // The customer: SMS and WhatsApp numbers bound to our number; every fifth a web-chat guest (a chat identity).
                string? address = null, identity = null;
                if (kind == "stranded" && blocked.Count > 0) address = blocked.Dequeue();
                else if (i % 5 == 4) identity = "guest-" + rng.Next(0x1000000).ToString("x6", CultureInfo.InvariantCulture);
                else address = (i % 3 == 0 ? "whatsapp:" : "") + "+1" + (2000000000L + rng.Next(900000000)).ToString(CultureInfo.InvariantCulture);
                cs.AddParticipant(c, identity, address, address is null ? null : (address.StartsWith("whatsapp:", StringComparison.Ordinal) ? "whatsapp:" : "") + ConversationStore.ProxyNumber, created);
                var lastUsed = created + TimeSpan.FromMinutes(1 + rng.Next(20));
                c.DateUpdated = lastUsed;
                var interaction = cs.NextSid("KD");
                var channel = new InteractionChannel { Sid = cs.NextSid("UO"), InteractionSid = interaction, ConversationSid = c.Sid };
                cs.Channels.Add(channel);
                FlexTask Task(string status) => new() { Sid = cs.NextSid("WT"), WorkspaceSid = cs.WorkspaceSid, AssignmentStatus = status, ConversationSid = c.Sid, InteractionSid = interaction, ChannelSid = channel.Sid, DateCreated = created, DateUpdated = lastUsed };
                switch (kind)
                {
                    case "stranded":
                        // The orphan: its task canceled by a workflow timeout (or none left at all), the agent gone.
                        if (i % 3 != 0) cs.Tasks.Add(Task("canceled"));
                        if (i % 4 == 0) c.State = ConversationState.Inactive;
                        break;
                    case "live":
                        if (i % 20 < 10)
                        {
                            // A customer in the queue for hours: live, not stranded.
                            cs.Tasks.Add(Task("pending"));
                        }
                        else
                        {
                            cs.Tasks.Add(Task("assigned"));
                            cs.AddParticipant(c, "alice", null, null, lastUsed);
                        }
                        break;
                    case "parked":
                        channel.Status = "inactive";
                        cs.Tasks.Add(Task("completed"));
                        c.State = ConversationState.Inactive;
                        break;
                    case "waiting":
                        cs.Tasks.Add(Task("canceled"));
                        c.DateClosed = now + TimeSpan.FromMinutes(20 + rng.Next(30));
                        break;
                    case "inflow":
                        c.Webhooks.Add(new ScopedWebhook(cs.NextSid("WH"), "studio", flowSid, created));
                        break;
                    case "closed":
                        c.State = ConversationState.Closed;
                        channel.Status = "closed";
                        cs.Tasks.Add(Task("completed"));
                        break;
                }
            }
        }
    }
}
