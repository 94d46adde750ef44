//! The eight AWS compute services runwhere compares, by their stable ids (spec §1).

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Ec2,
    Ecs,
    Fargate,
    Eks,
    AppRunner,
    Lambda,
    Batch,
    ElasticBeanstalk,
}

impl Service {
    pub const ALL: [Self; 8] = [
        Self::Ec2,
        Self::Ecs,
        Self::Fargate,
        Self::Eks,
        Self::AppRunner,
        Self::Lambda,
        Self::Batch,
        Self::ElasticBeanstalk,
    ];

    /// Every id, in [`Service::ALL`]'s order.
    pub const IDS: &'static [&'static str] = &[
        "ec2",
        "ecs",
        "fargate",
        "eks",
        "app_runner",
        "lambda",
        "batch",
        "elastic_beanstalk",
    ];

    /// The id used in files, flags and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Self::Ec2 => "ec2",
            Self::Ecs => "ecs",
            Self::Fargate => "fargate",
            Self::Eks => "eks",
            Self::AppRunner => "app_runner",
            Self::Lambda => "lambda",
            Self::Batch => "batch",
            Self::ElasticBeanstalk => "elastic_beanstalk",
        }
    }

    /// The name people use for it.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Ec2 => "EC2",
            Self::Ecs => "ECS on EC2",
            Self::Fargate => "ECS on Fargate",
            Self::Eks => "EKS",
            Self::AppRunner => "App Runner",
            Self::Lambda => "Lambda",
            Self::Batch => "Batch",
            Self::ElasticBeanstalk => "Elastic Beanstalk",
        }
    }

    /// The name in at most 10 characters, for the 80-column table.
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Ec2 => "EC2",
            Self::Ecs => "ECS/EC2",
            Self::Fargate => "Fargate",
            Self::Eks => "EKS",
            Self::AppRunner => "App Runner",
            Self::Lambda => "Lambda",
            Self::Batch => "Batch",
            Self::ElasticBeanstalk => "Beanstalk",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn ids() -> impl Iterator<Item = &'static str> {
        Self::ALL.into_iter().map(Self::id)
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::Service;

    #[test]
    fn ids_are_the_services_ids_in_order() {
        let ids: Vec<&str> = Service::ids().collect();
        assert_eq!(ids, Service::IDS);
    }
}
