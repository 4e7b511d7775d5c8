using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Catalogue;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Rentals.Catalogue;

/// <summary>Adds the customers not known yet.</summary>
internal sealed class CustomersCataloguedHandler(TellalDbContext db) : IMessageHandler<CustomersCatalogued>
{
    public async Task HandleAsync(CustomersCatalogued message, MessageContext context, CancellationToken cancellationToken)
    {
        var ids = message.CustomerIds.Distinct().ToList();
        var known = (await db.Set<KnownCustomer>().Where(c => ids.Contains(c.CustomerId)).Select(c => c.CustomerId).ToListAsync(cancellationToken)).ToHashSet();
        db.Set<KnownCustomer>().AddRange(ids.Where(id => !known.Contains(id)).Select(id => new KnownCustomer { CustomerId = id }));
    }
}
