//! The hooks a deployment plugs in: [`ClientIds`] (issuing and checking
//! `DSId`s, by default [`RandomClientIds`]) and [`Auth`] (login, logout,
//! the user of a client id).

use std::sync::Arc;

use super::{is_uid, new_uid, Fault};

/// Issues and checks client ids (`DSId`). The default, [`RandomClientIds`],
/// keeps no state: any process accepts any well-formed id. A deployment that
/// wants only its own ids accepted can sign them here (for example an HMAC
/// with a key all instances share).
pub trait ClientIds: Send + Sync + 'static {
    /// A new id for a client that pinged without one.
    fn issue(&self) -> String;
    /// Whether a client may use `id`.
    fn accept(&self, id: &str) -> bool;
}

/// Random UIDs ([`new_uid`]); accepts every well-formed UID.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomClientIds;

impl ClientIds for RandomClientIds {
    fn issue(&self) -> String {
        new_uid()
    }

    fn accept(&self, id: &str) -> bool {
        is_uid(id)
    }
}

/// Login and logout. Where sessions live (memory, a database, a shared
/// cache) is the hook's business, so that several gateway processes can
/// share them.
pub trait Auth: Send + Sync + 'static {
    /// Checks `user`/`password`. For Flex logins `client_id` is the caller's
    /// `DSId` (remember the user under it for [`Auth::user`]); for
    /// NetConnection `Credentials` headers it is `None` and the check
    /// applies to the calls of that one packet.
    ///
    /// # Errors
    /// A fault (usually [`Fault::CLIENT_AUTHENTICATION`]) to send back.
    fn login(&self, client_id: Option<&str>, user: &str, password: &str) -> Result<(), Fault>;

    /// Forgets the login of `client_id`.
    fn logout(&self, client_id: &str);

    /// The user logged in under `client_id`, if any.
    fn user(&self, client_id: &str) -> Option<String>;
}

impl<T: Auth + ?Sized> Auth for Arc<T> {
    fn login(&self, client_id: Option<&str>, user: &str, password: &str) -> Result<(), Fault> {
        (**self).login(client_id, user, password)
    }

    fn logout(&self, client_id: &str) {
        (**self).logout(client_id)
    }

    fn user(&self, client_id: &str) -> Option<String> {
        (**self).user(client_id)
    }
}

impl<T: ClientIds + ?Sized> ClientIds for Arc<T> {
    fn issue(&self) -> String {
        (**self).issue()
    }

    fn accept(&self, id: &str) -> bool {
        (**self).accept(id)
    }
}
