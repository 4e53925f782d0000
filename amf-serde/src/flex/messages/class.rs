//! Owns the members every Flex message class shares (those of Flex's
//! `AbstractMessage` and `AsyncMessage`): their Rust types, keys, read and
//! write rules and docs, written once in [`flex_message!`], which declares
//! a message struct and its `record!` impls; and the replies any message
//! can build ([`Answer`]).

use super::{AcknowledgeMessage, ErrorMessage};
use crate::flex::collections::Headers;

/// Declares a Flex message class: the struct, its `Serialize`/`Deserialize`
/// (through `record!`, members written in the order given) and
/// [`Answer`]. Shared members are named alone (`client_id,`), optionally
/// after doc lines that are added to their standard doc; other members are
/// given in full (`/// doc` `name: Type = "key" [read, write],`).
macro_rules! flex_message {
    (
        $(#[$meta:meta])*
        pub struct $name:ident<B = $bdef:ty> as class $alias:literal {
            $($members:tt)*
        }
    ) => {
        $crate::flex::messages::class::flex_message!(
            @munch [$(#[$meta])*] [$name] [$bdef] [$alias] [] [] $($members)*
        );
    };
    (
        @munch [$(#[$meta:meta])*] [$name:ident] [$bdef:ty] [$alias:literal]
        [$($decl:tt)*] [$($spec:tt)*]
    ) => {
        $(#[$meta])*
        pub struct $name<B = $bdef> { $($decl)* }

        $crate::record::record! {
            impl $name<B> as class $alias { $($spec)* }
        }

        impl<B> $crate::flex::messages::class::Answer for $name<B> {
            fn address(&self) -> (&str, Option<&str>, &$crate::flex::collections::Headers) {
                (&self.message_id, self.client_id.as_deref(), &self.headers)
            }
        }
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* body, $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* #[doc = "The body."] $(#[$doc])* pub body: B,]
            [$($spec)* body: B = "body" [body, always],] $($rest)*);
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* client_id, $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* #[doc = "The client's id."] $(#[$doc])* pub client_id: Option<String>,]
            [$($spec)* client_id: Option<String> = "clientId" [default, always],] $($rest)*);
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* correlation_id, $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* #[doc = "The `message_id` of the message this one answers (empty if none)."]
                $(#[$doc])* pub correlation_id: String,]
            [$($spec)* correlation_id: String = "correlationId" [nullable, always],] $($rest)*);
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* destination, $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* #[doc = "The destination."] $(#[$doc])* pub destination: Option<String>,]
            [$($spec)* destination: Option<String> = "destination" [default, always],] $($rest)*);
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* headers, $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* #[doc = "Headers."] $(#[$doc])* pub headers: Headers,]
            [$($spec)* headers: Headers = "headers" [default, always],] $($rest)*);
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* message_id, $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* #[doc = "This message's UID."] $(#[$doc])* pub message_id: String,]
            [$($spec)* message_id: String = "messageId" [nullable, always],] $($rest)*);
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* timestamp, $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* #[doc = "Milliseconds since the epoch when sent."] $(#[$doc])*
                pub timestamp: i64,]
            [$($spec)* timestamp: i64 = "timestamp" [nullable, always],] $($rest)*);
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* time_to_live, $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* #[doc = "Milliseconds the message stays valid (0: forever)."]
                $(#[$doc])* pub time_to_live: i64,]
            [$($spec)* time_to_live: i64 = "timeToLive" [nullable, always],] $($rest)*);
    };
    (@munch $m:tt $n:tt $b:tt $a:tt [$($decl:tt)*] [$($spec:tt)*]
        $(#[$doc:meta])* $field:ident: $ty:ty = $key:literal [$read:ident, $write:ident],
        $($rest:tt)*) => {
        $crate::flex::messages::class::flex_message!(@munch $m $n $b $a
            [$($decl)* $(#[$doc])* pub $field: $ty,]
            [$($spec)* $field: $ty = $key [$read, $write],] $($rest)*);
    };
}
pub(crate) use flex_message;

/// A message that can be answered: the ids and headers a reply is
/// addressed from (see [`AcknowledgeMessage::reply_to`]).
pub(crate) trait Answer {
    /// `message_id`, `client_id` and `headers`.
    fn address(&self) -> (&str, Option<&str>, &Headers);

    /// The acknowledgement carrying `result`.
    fn ack<T>(&self, result: T) -> AcknowledgeMessage<T> {
        let (message_id, client_id, headers) = self.address();
        AcknowledgeMessage::reply_to(message_id, client_id, headers, result)
    }

    /// The error reply.
    fn fault(&self, fault_code: &str, fault_string: &str) -> ErrorMessage {
        let (message_id, client_id, headers) = self.address();
        ErrorMessage::reply_to(message_id, client_id, headers, fault_code, fault_string)
    }
}
