//! User pool groups as tokens show them (Developer Guide, "Adding groups to
//! a user pool"; API Reference, `GroupType.Precedence`): ID and access
//! tokens carry `cognito:groups`; ID tokens also carry `cognito:roles` (the
//! role ARNs of the user's groups) and `cognito:preferred_role` (the role
//! of the group with the lowest `Precedence`; none when groups that tie
//! for it name different roles).

use std::collections::BTreeMap;

use crate::store::{Group, User};

/// The group claims of one user.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct GroupClaims {
    /// `cognito:groups`: by precedence (unset last), then name. The order
    /// AWS uses is not documented.
    pub groups: Vec<String>,
    /// `cognito:roles`, in the same order, without repeats.
    pub roles: Vec<String>,
    /// `cognito:preferred_role`.
    pub preferred_role: Option<String>,
}

/// `Precedence` as an ordering key: lower first, unset after every value.
fn rank(g: &Group) -> (bool, i64) {
    (g.precedence.is_none(), g.precedence.unwrap_or_default())
}

/// The claims for `user`, whose memberships name groups in `groups`
/// (names of deleted groups are skipped).
pub(crate) fn claims(groups: &BTreeMap<String, Group>, user: &User) -> GroupClaims {
    let mut member_of: Vec<&Group> = user.groups.iter().filter_map(|n| groups.get(n)).collect();
    member_of.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)));
    let mut roles: Vec<String> = Vec::new();
    for arn in member_of.iter().filter_map(|g| g.role_arn.as_ref()) {
        if !roles.contains(arn) {
            roles.push(arn.clone());
        }
    }
    // Only groups with a role compete for the preferred one.
    let with_role: Vec<&&Group> = member_of.iter().filter(|g| g.role_arn.is_some()).collect();
    let preferred_role = with_role.first().and_then(|best| {
        let tied: Vec<&&&Group> = with_role.iter().filter(|g| rank(g) == rank(best)).collect();
        let role = best.role_arn.as_ref()?;
        tied.iter()
            .all(|g| g.role_arn.as_ref() == Some(role))
            .then(|| role.clone())
    });
    GroupClaims {
        groups: member_of.iter().map(|g| g.name.clone()).collect(),
        roles,
        preferred_role,
    }
}

/// Adds `user` to the group `name` (no-op when already a member).
pub(crate) fn add_member(user: &mut User, name: &str) {
    if !user.groups.iter().any(|g| g == name) {
        user.groups.push(name.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SrpVerifier, UserStatus};

    fn group(name: &str, precedence: Option<i64>, role: Option<&str>) -> (String, Group) {
        (
            name.to_owned(),
            Group {
                name: name.to_owned(),
                description: None,
                precedence,
                role_arn: role.map(str::to_owned),
                created_at: 0,
                updated_at: 0,
            },
        )
    }

    fn member_of(names: &[&str]) -> User {
        let mut u = User::new(
            "u".into(),
            "u".into(),
            UserStatus::Confirmed,
            BTreeMap::new(),
            String::new(),
            SrpVerifier {
                salt: String::new(),
                verifier: String::new(),
            },
            0,
        );
        for n in names {
            add_member(&mut u, n);
        }
        u
    }

    const A: &str = "arn:aws:iam::000000000000:role/A";
    const B: &str = "arn:aws:iam::000000000000:role/B";

    #[test]
    fn the_lowest_precedence_with_a_role_is_preferred() {
        let groups = BTreeMap::from([
            group("readers", None, Some(B)),
            group("admin", Some(5), Some(A)),
            group("staff", Some(1), None),
        ]);
        let c = claims(&groups, &member_of(&["readers", "admin", "staff", "gone"]));
        assert_eq!(c.groups, ["staff", "admin", "readers"]);
        assert_eq!(c.roles, [A, B]);
        assert_eq!(c.preferred_role.as_deref(), Some(A));
    }

    #[test]
    fn a_tie_with_different_roles_has_no_preferred_role() {
        let tie = BTreeMap::from([group("x", Some(1), Some(A)), group("y", Some(1), Some(B))]);
        let c = claims(&tie, &member_of(&["x", "y"]));
        assert_eq!(c.roles, [A, B]);
        assert_eq!(c.preferred_role, None);

        let same = BTreeMap::from([group("x", Some(1), Some(A)), group("y", Some(1), Some(A))]);
        let c = claims(&same, &member_of(&["x", "y"]));
        assert_eq!(c.roles, [A]);
        assert_eq!(c.preferred_role.as_deref(), Some(A));

        let unset = BTreeMap::from([group("x", None, Some(A)), group("y", None, Some(B))]);
        assert_eq!(claims(&unset, &member_of(&["x", "y"])).preferred_role, None);
    }

    #[test]
    fn no_groups_no_claims() {
        let c = claims(&BTreeMap::new(), &member_of(&[]));
        assert_eq!(c, GroupClaims::default());
        let mut u = member_of(&["a"]);
        add_member(&mut u, "a");
        assert_eq!(u.groups, ["a"]);
    }
}
